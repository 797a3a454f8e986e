/*
 * Initech's single-page app: fetches the site content as JSON after load and builds header,
 * page and footer from it. Nothing a visitor reads is in the HTML the server sends.
 */
(function () {
  "use strict";

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) { node.setAttribute(name, attrs[name]); });
    (children || []).forEach(function (child) {
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  function linkList(links) {
    return el("ul", {}, links.map(function (link) {
      return el("li", {}, [el("a", { href: link.href, "data-route": "" }, [link.text])]);
    }));
  }

  // Each content block is {type, ...}; the renderer turns it into DOM, as a component would.
  var BLOCKS = {
    h1: function (b) { return el("h1", {}, [b.text]); },
    p: function (b) { return el("p", {}, [b.text]); },
    phone: function (b) {
      return el("p", { "class": "phone" }, [b.label + " ", el("a", { href: "tel:" + b.e164 }, [b.display])]);
    },
    email: function (b) {
      return el("p", { "class": "email" }, [b.label + " ", el("a", { href: "mailto:" + b.address }, [b.address])]);
    },
    links: function (b) { return linkList(b.links); }
  };

  function render(site) {
    var route = site.routes[location.pathname] || site.routes["/404"];
    document.title = route.title + " | " + site.brand;
    var app = document.getElementById("app");
    app.replaceChildren(
      el("header", { "class": "site-header" }, [
        el("a", { "class": "brand", href: "/", "data-route": "" }, [site.brand]),
        el("nav", { "class": "site-nav", "aria-label": "Main" }, [linkList(site.nav)])
      ]),
      el("main", {}, route.blocks.map(function (block) { return BLOCKS[block.type](block); })),
      el("footer", { "class": "site-footer" }, [linkList(site.footer), el("p", {}, [site.legal])])
    );
  }

  function start(site) {
    render(site);
    // Client-side routing: links change the URL with pushState, as SPAs do.
    document.addEventListener("click", function (event) {
      var link = event.target.closest && event.target.closest("a[data-route]");
      if (!link || link.origin !== location.origin) return;
      event.preventDefault();
      history.pushState({}, "", link.pathname);
      render(site);
    });
    window.addEventListener("popstate", function () { render(site); });
  }

  window.addEventListener("load", function () {
    fetch("/api/content.json").then(function (r) { return r.json(); }).then(start);
  });
})();
