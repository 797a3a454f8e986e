// Shows every <time datetime="…"> in the viewer's locale and time zone; the ISO text stays as the
// fallback when scripts are off, and as the tooltip.
"use strict";
(function () {
  var styles = {
    date: { dateStyle: "medium" },
    datetime: { dateStyle: "medium", timeStyle: "short" },
  };
  document.querySelectorAll("time[datetime]").forEach(function (element) {
    var moment = new Date(element.getAttribute("datetime"));
    if (isNaN(moment.getTime())) return;
    var style = styles[element.dataset.style] || styles.datetime;
    element.textContent = new Intl.DateTimeFormat(undefined, style).format(moment);
  });
})();
