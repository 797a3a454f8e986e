/*
 * supportcheck probe: turns the current page into a plain JSON snapshot of what a visitor finds.
 *
 * The crawler evaluates this very file in an isolated world of each page; the extension's content
 * script runs it too. It reports facts (links, text, forms, widget markers, meta tags) and judges
 * nothing: detection and rules run later, in Python, on the saved snapshot.
 *
 * Usage: supportcheckProbe({maxLinks, ...}) returns an object; see checker/snapshot.py for the schema.
 */
(function (root) {
  "use strict";

  var SNAPSHOT_VERSION = 1;
  var DEFAULT_CAPS = {
    links: 2000,
    buttons: 600,
    textBlocks: 4000,
    textChars: 600000,
    blockChars: 3000,
    forms: 80,
    fields: 60,
    scripts: 400,
    inlineExcerpt: 3000,
    inlineTotal: 300000,
    scriptUrls: 40,
    storeUrls: 50,
    iframes: 100,
    markers: 400,
    meta: 200,
    globals: 1500
  };
  // Elements whose text forms one block; inline elements add to their nearest block ancestor.
  var BLOCK_TAGS = new Set([
    "P", "DIV", "LI", "TD", "TH", "DD", "DT", "H1", "H2", "H3", "H4", "H5", "H6", "SECTION",
    "ARTICLE", "ADDRESS", "BLOCKQUOTE", "PRE", "FOOTER", "HEADER", "NAV", "ASIDE", "MAIN", "BODY",
    "FORM", "FIELDSET", "LEGEND", "LABEL", "BUTTON", "A", "TABLE", "TR", "UL", "OL", "DL", "FIGCAPTION",
    "CAPTION", "SUMMARY", "DETAILS", "OPTION", "CENTER", "FONT"
  ]);
  var SKIP_TAGS = new Set(["SCRIPT", "STYLE", "NOSCRIPT", "TEMPLATE", "SVG", "HEAD", "TITLE", "IFRAME", "OBJECT"]);
  // What a visitor typed is theirs, never page data: text areas and editable regions are not read,
  // and an input's value is read only where it is a button's label.
  var TYPED_TEXT_TAGS = new Set(["TEXTAREA"]);
  var BUTTON_INPUT_TYPES = new Set(["button", "submit", "reset", "image"]);
  var EDITABLE = "[contenteditable]:not([contenteditable=false])";
  var REGION_TAGS = { HEADER: "header", NAV: "nav", MAIN: "main", FOOTER: "footer", ASIDE: "aside" };
  var REGION_ROLES = {
    banner: "header", navigation: "nav", main: "main", contentinfo: "footer", complementary: "aside"
  };
  var REGION_HINT = /(^|[\s_-])(footer|header|masthead|topbar|navbar|nav|menu|sidebar|aside)([\s_-]|$)/i;
  var HINT_REGION = {
    footer: "footer", header: "header", masthead: "header", topbar: "header", navbar: "nav",
    nav: "nav", menu: "nav", sidebar: "aside", aside: "aside"
  };
  var COLLAPSE_HINT = /accordion|collaps|toggle|expand|faq|answer|panel|drawer|dropdown|tab-?content|more|hidden-content|reveal|spoiler/i;
  // Generic words only: which vendor a marker belongs to is decided in Python from fingerprints.
  var MARKER_HINT = /chat|messag|launcher|widget|livehelp|live-help|helpbutton|help-button|support|contact|bot|assistant|zopim|zendesk|intercom|drift|tawk|crisp|olark|hubspot|freshchat|fc_frame|liveperson|lpchat|salesforce|embeddedservice|genesys|tidio|livechat|gorgias|kustomer|ada-|comm100|helpshift|sprinklr|nuance|inq|zsiq|beacon|gladly|forethought|smooch|userlike|snapengage|purechat|jivo|kayako|boldchat|providesupport|livezilla/i;

  function clip(text, limit) {
    if (!text) return "";
    return text.length > limit ? text.slice(0, limit) : text;
  }

  function squash(text) {
    return (text || "").replace(/[ \t\f\v\u00a0\u200b]+/g, " ").replace(/\s*\n\s*/g, "\n").trim();
  }

  function oneLine(text) {
    return (text || "").replace(/\s+/g, " ").trim();
  }

  function buttonValue(element) {
    if (element.tagName !== "INPUT") return "";
    return BUTTON_INPUT_TYPES.has((element.getAttribute("type") || "").toLowerCase()) ? element.value || "" : "";
  }

  function makeProbe(options) {
    var caps = Object.assign({}, DEFAULT_CAPS, (options && options.caps) || {});
    var pageHasEditable = !!document.querySelector(EDITABLE);

    // Whether an element's rendered text may hold what the visitor typed (asked once per page first).
    function holdsTypedText(element) {
      if (TYPED_TEXT_TAGS.has(element.tagName)) return true;
      return pageHasEditable && (element.isContentEditable || !!element.querySelector(EDITABLE));
    }

    var truncated = [];
    var regionCache = new Map();
    var orderCounter = 0;
    var viewportHeight = root.innerHeight || 800;
    var viewportWidth = root.innerWidth || 1280;

    function note(list) {
      if (truncated.indexOf(list) < 0) truncated.push(list);
    }

    function regionOf(element) {
      var chain = [];
      var node = element;
      var found = null;
      while (node && node.nodeType === 1) {
        if (regionCache.has(node)) {
          found = regionCache.get(node);
          break;
        }
        chain.push(node);
        var region = REGION_TAGS[node.tagName];
        if (!region) {
          var role = node.getAttribute("role");
          region = role ? REGION_ROLES[role.toLowerCase()] : undefined;
        }
        if (!region && node !== document.body && node !== document.documentElement) {
          var hint = ((node.id || "") + " " + (typeof node.className === "string" ? node.className : ""));
          var match = REGION_HINT.exec(hint);
          if (match) region = HINT_REGION[match[2].toLowerCase()];
        }
        if (region) {
          found = region;
          break;
        }
        node = node.parentElement;
      }
      found = found || "other";
      for (var i = 0; i < chain.length; i++) regionCache.set(chain[i], found);
      return found;
    }

    function isVisible(element) {
      if (!element.isConnected) return false;
      if (typeof element.checkVisibility === "function") {
        if (!element.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true })) return false;
      } else if (!element.getClientRects().length) {
        return false;
      }
      var rect = element.getBoundingClientRect();
      if (rect.width <= 1 && rect.height <= 1) return false;
      if (rect.right < -500 || rect.bottom < -500) return false;
      var style = root.getComputedStyle(element);
      if (style.clip === "rect(0px, 0px, 0px, 0px)" || style.clipPath === "inset(50%)") return false;
      return true;
    }

    function visibilityOf(element) {
      if (isVisible(element)) return "visible";
      var node = element;
      while (node && node.nodeType === 1 && node !== document.body) {
        if (node.tagName === "DETAILS" && !node.open) return "collapsed";
        if (node.hidden || node.getAttribute("aria-hidden") === "true" || node.style.display === "none" ||
          root.getComputedStyle(node).display === "none") {
          var hint = (node.id || "") + " " + (typeof node.className === "string" ? node.className : "");
          if (COLLAPSE_HINT.test(hint)) return "collapsed";
          if (node.id && document.querySelector('[aria-controls~="' + cssEscape(node.id) + '"],[data-target="#' +
            cssEscape(node.id) + '"],[href="#' + cssEscape(node.id) + '"]')) return "collapsed";
          return "hidden";
        }
        node = node.parentElement;
      }
      return "hidden";
    }

    function inFirstViewport(element) {
      var rect = element.getBoundingClientRect();
      return rect.bottom > 0 && rect.top < viewportHeight && rect.right > 0 && rect.left < viewportWidth;
    }

    function absoluteUrl(value) {
      try {
        return new URL(value, document.baseURI).href;
      } catch (error) {
        return value;
      }
    }

    function cssEscape(value) {
      return root.CSS && root.CSS.escape ? root.CSS.escape(value) : value.replace(/[^\w-]/g, "\\$&");
    }

    // Each parent's children are counted once: hundreds of sibling paragraphs would otherwise
    // cost a walk back over all their elder siblings per selector (quadratic in the page).
    var typeIndex = new Map();
    function nthOfType(node, parent) {
      if (!typeIndex.has(node)) {
        var counts = new Map();
        for (var child = parent.firstElementChild; child; child = child.nextElementSibling) {
          var count = (counts.get(child.tagName) || 0) + 1;
          counts.set(child.tagName, count);
          typeIndex.set(child, count);
        }
      }
      return typeIndex.get(node);
    }

    function selectorOf(element) {
      var parts = [];
      var node = element;
      while (node && node.nodeType === 1 && parts.length < 5) {
        if (node.id && /^[A-Za-z][\w-]*$/.test(node.id)) {
          parts.unshift("#" + node.id);
          break;
        }
        var tag = node.tagName.toLowerCase();
        var parent = node.parentElement;
        if (!parent) {
          parts.unshift(tag);
          break;
        }
        parts.unshift(tag + ":nth-of-type(" + nthOfType(node, parent) + ")");
        node = parent;
      }
      return parts.join(" > ");
    }

    function textOfIds(ids) {
      return ids.split(/\s+/).map(function (id) {
        var labelled = document.getElementById(id);
        return labelled ? labelled.textContent : "";
      }).join(" ");
    }

    // The accessible name and where it came from: a hover tooltip (title) or a screen reader's
    // label (aria-label) may be all that says what an icon link or chat launcher is for.
    function namedBy(element) {
      var label = element.getAttribute("aria-label");
      if (label && oneLine(label)) return [oneLine(label), "aria-label"];
      var labelledBy = element.getAttribute("aria-labelledby");
      if (labelledBy) {
        var byText = oneLine(textOfIds(labelledBy));
        if (byText) return [byText, "aria-labelledby"];
      }
      var text = holdsTypedText(element) ? "" : oneLine(element.innerText || element.textContent || "");
      if (text) return [text, "text"];
      var image = element.querySelector && element.querySelector("img[alt]");
      if (image && oneLine(image.getAttribute("alt"))) return [oneLine(image.getAttribute("alt")), "alt"];
      if (element.tagName === "AREA" && oneLine(element.getAttribute("alt") || "")) {
        return [oneLine(element.getAttribute("alt")), "alt"];
      }
      if (oneLine(buttonValue(element))) return [oneLine(buttonValue(element)), "value"];
      var title = oneLine(element.getAttribute("title") || "");
      return title ? [title, "title"] : ["", ""];
    }

    function orderMap() {
      var order = new Map();
      var walker = document.createTreeWalker(document.documentElement, NodeFilter.SHOW_ELEMENT);
      var node = walker.currentNode;
      while (node) {
        order.set(node, orderCounter++);
        node = walker.nextNode();
      }
      return order;
    }

    var order = orderMap();
    function orderOf(element) {
      return order.get(element) || 0;
    }

    function collectLinks() {
      var links = [];
      var anchors = document.querySelectorAll("a[href], area[href]");
      for (var i = 0; i < anchors.length; i++) {
        if (links.length >= caps.links) {
          note("links");
          break;
        }
        var anchor = anchors[i];
        var visible = anchor.tagName === "AREA" ? true : isVisible(anchor);
        var anchorName = namedBy(anchor);
        links.push({
          text: clip(oneLine(anchor.innerText || anchor.textContent || ""), 300),
          name: clip(anchorName[0], 300),
          name_from: anchorName[1],
          href: clip(anchor.href || "", 2000),
          raw_href: clip(anchor.getAttribute("href") || "", 2000),
          title: clip(oneLine(anchor.getAttribute("title") || ""), 300),
          region: regionOf(anchor),
          visible: visible,
          in_first_viewport: visible && anchor.tagName !== "AREA" && inFirstViewport(anchor),
          selector: selectorOf(anchor),
          order: orderOf(anchor)
        });
      }
      return links;
    }

    function collectButtons() {
      var buttons = [];
      var elements = document.querySelectorAll(
        "button, [role=button], input[type=button], input[type=submit], input[type=image]"
      );
      for (var i = 0; i < elements.length; i++) {
        if (buttons.length >= caps.buttons) {
          note("buttons");
          break;
        }
        var element = elements[i];
        if (element.tagName === "A" && element.hasAttribute("href")) continue;
        var buttonName = namedBy(element);
        buttons.push({
          text: clip(oneLine(holdsTypedText(element) ? "" :
            element.innerText || buttonValue(element) || element.textContent || ""), 300),
          name: clip(buttonName[0], 300),
          name_from: buttonName[1],
          title: clip(oneLine(element.getAttribute("title") || ""), 300),
          region: regionOf(element),
          visible: isVisible(element),
          selector: selectorOf(element),
          order: orderOf(element),
          in_form: !!element.closest("form")
        });
      }
      return buttons;
    }

    function blockOf(node) {
      var element = node.parentElement;
      while (element && !BLOCK_TAGS.has(element.tagName)) element = element.parentElement;
      return element || document.body;
    }

    function collectTextBlocks() {
      var parts = new Map();
      var walker = document.createTreeWalker(
        document.body || document.documentElement,
        NodeFilter.SHOW_TEXT | NodeFilter.SHOW_ELEMENT,
        {
          acceptNode: function (node) {
            if (node.nodeType === 1) {
              var tag = node.tagName.toUpperCase();
              if (SKIP_TAGS.has(tag) || TYPED_TEXT_TAGS.has(tag) || node.isContentEditable) return NodeFilter.FILTER_REJECT;
              return NodeFilter.FILTER_SKIP;
            }
            return NodeFilter.FILTER_ACCEPT;
          }
        }
      );
      var node;
      while ((node = walker.nextNode())) {
        var value = node.nodeValue;
        if (!value || !value.trim()) continue;
        var block = blockOf(node);
        var list = parts.get(block);
        if (!list) {
          list = [];
          parts.set(block, list);
        }
        var previous = node.previousSibling;
        if (previous && previous.nodeType === 1 && (previous.tagName === "BR" || previous.tagName === "HR")) {
          list.push("\n");
        } else if (previous && previous.nodeType === 1 && list.length) {
          list.push(" ");
        }
        list.push(value);
      }
      var blocks = [];
      var total = 0;
      parts.forEach(function (list, block) {
        if (blocks.length >= caps.textBlocks || total >= caps.textChars) {
          note("text_blocks");
          return;
        }
        var text = clip(squash(list.join("")), caps.blockChars);
        if (!text) return;
        total += text.length;
        blocks.push({
          text: text,
          tag: block.tagName.toLowerCase(),
          region: regionOf(block),
          visibility: visibilityOf(block),
          selector: selectorOf(block),
          order: orderOf(block)
        });
      });
      blocks.sort(function (a, b) { return a.order - b.order; });
      return blocks;
    }

    // A label's own words, without the text area or editable region it may wrap.
    function labelText(label) {
      if (!label.querySelector("textarea, " + EDITABLE)) return label.textContent;
      var copy = label.cloneNode(true);
      copy.querySelectorAll("textarea, " + EDITABLE).forEach(function (typed) { typed.remove(); });
      return copy.textContent;
    }

    function labelOf(field) {
      var texts = [];
      if (field.id) {
        var forLabel = document.querySelector('label[for="' + cssEscape(field.id) + '"]');
        if (forLabel) texts.push(labelText(forLabel));
      }
      var wrapping = field.closest("label");
      if (wrapping) texts.push(labelText(wrapping));
      if (field.getAttribute("aria-label")) texts.push(field.getAttribute("aria-label"));
      if (field.getAttribute("aria-labelledby")) texts.push(textOfIds(field.getAttribute("aria-labelledby")));
      return clip(oneLine(texts.join(" ")), 200);
    }

    function headingBefore(container) {
      var legend = container.querySelector("legend, h1, h2, h3, h4, h5, h6");
      if (legend) return legend.textContent;
      var node = container;
      for (var steps = 0; node && steps < 6; steps++) {
        var sibling = node.previousElementSibling;
        while (sibling) {
          if (/^H[1-6]$/.test(sibling.tagName)) return sibling.textContent;
          var inner = sibling.querySelector && sibling.querySelector("h1, h2, h3, h4, h5, h6");
          if (inner) return inner.textContent;
          sibling = sibling.previousElementSibling;
        }
        node = node.parentElement;
      }
      return "";
    }

    function describeForm(container, isForm) {
      var fields = [];
      var inputs = container.querySelectorAll("input, textarea, select");
      for (var i = 0; i < inputs.length && fields.length < caps.fields; i++) {
        var input = inputs[i];
        var type = (input.getAttribute("type") || (input.tagName === "INPUT" ? "text" : "")).toLowerCase();
        if (type === "hidden" || type === "submit" || type === "button" || type === "image" || type === "reset") continue;
        fields.push({
          tag: input.tagName.toLowerCase(),
          type: type,
          name: clip(input.getAttribute("name") || "", 120),
          id: clip(input.id || "", 120),
          label: labelOf(input),
          placeholder: clip(oneLine(input.getAttribute("placeholder") || ""), 200),
          autocomplete: clip(input.getAttribute("autocomplete") || "", 60),
          required: input.required || input.getAttribute("aria-required") === "true",
          visible: isVisible(input)
        });
      }
      var buttons = [];
      var buttonElements = container.querySelectorAll("button, input[type=submit], input[type=image], input[type=button], [role=button]");
      for (var j = 0; j < buttonElements.length && buttons.length < 20; j++) {
        var button = buttonElements[j];
        var label = oneLine((holdsTypedText(button) ? "" : button.innerText) || buttonValue(button) || button.getAttribute("alt") ||
          button.getAttribute("aria-label") || (holdsTypedText(button) ? "" : button.textContent) || "");
        if (label) buttons.push(clip(label, 120));
      }
      return {
        selector: selectorOf(container),
        // getAttribute, not .action: a field named "action" shadows the property (DOM clobbering).
        action: isForm ? clip(absoluteUrl(container.getAttribute("action") || ""), 2000) : "",
        method: isForm ? (container.getAttribute("method") || "get").toLowerCase() : "",
        region: regionOf(container),
        visible: isVisible(container),
        heading: clip(oneLine(headingBefore(container)), 200),
        fields: fields,
        buttons: buttons,
        order: orderOf(container)
      };
    }

    function collectForms() {
      var forms = [];
      var formElements = document.querySelectorAll("form");
      for (var i = 0; i < formElements.length; i++) {
        if (forms.length >= caps.forms) {
          note("forms");
          break;
        }
        forms.push(describeForm(formElements[i], true));
      }
      // Script-rendered forms often have no <form>: a textarea outside any form marks one.
      var loose = document.querySelectorAll("textarea");
      for (var j = 0; j < loose.length && forms.length < caps.forms; j++) {
        if (loose[j].closest("form")) continue;
        var container = loose[j].parentElement;
        while (container && container !== document.body &&
          container.querySelectorAll("input, textarea, select").length < 2) container = container.parentElement;
        if (container) forms.push(describeForm(container, false));
      }
      return forms;
    }

    // Widget snippets often name their loader host deep inside a long inline script.
    var URL_IN_SCRIPT = /(?:https?:)?\\?\/\\?\/[a-z0-9][a-z0-9.-]*\.[a-z]{2,}(?::\d+)?(?:\\?\/[^\s"'`<>()\\]*)?/gi;
    function urlsIn(source) {
      var found = [];
      var match;
      URL_IN_SCRIPT.lastIndex = 0;
      while ((match = URL_IN_SCRIPT.exec(source)) && found.length < caps.scriptUrls) {
        var url = clip(match[0].replace(/\\\//g, "/"), 300);
        if (found.indexOf(url) < 0) found.push(url);
      }
      return found;
    }

    // App banners keep their store links in script config or JSON state, not in <a> tags.
    var STORE_URL = /https?:\\?\/\\?\/(?:apps|itunes)\.apple\.com(?:\\\/|[^\s"'<>\\])*|https?:\\?\/\\?\/play\.google\.com\\?\/store\\?\/apps\\?\/details\?id=[\w.]+/gi;
    function collectStoreUrls() {
      var found = [];
      var elements = document.querySelectorAll("script");
      for (var i = 0; i < elements.length && found.length < caps.storeUrls; i++) {
        if (elements[i].src) continue;
        var source = elements[i].textContent || "";
        if (source.indexOf("apple.com") < 0 && source.indexOf("play.google.com") < 0) continue;
        var match;
        STORE_URL.lastIndex = 0;
        while ((match = STORE_URL.exec(source)) && found.length < caps.storeUrls) {
          var url = clip(match[0].replace(/\\\//g, "/"), 500);
          if (found.indexOf(url) < 0) found.push(url);
        }
      }
      return found;
    }

    function collectScripts() {
      var scripts = [];
      var inlineTotal = 0;
      var elements = document.querySelectorAll("script");
      for (var i = 0; i < elements.length; i++) {
        if (scripts.length >= caps.scripts) {
          note("scripts");
          break;
        }
        var script = elements[i];
        if (script.src) {
          scripts.push({ src: clip(script.src, 2000), inline_excerpt: "", urls: [] });
        } else if (inlineTotal < caps.inlineTotal) {
          var type = (script.type || "").toLowerCase();
          if (type && type.indexOf("javascript") < 0 && type !== "module") continue;
          var source = script.textContent || "";
          var excerpt = clip(source, caps.inlineExcerpt);
          if (!excerpt.trim()) continue;
          inlineTotal += excerpt.length;
          scripts.push({ src: "", inline_excerpt: excerpt, urls: urlsIn(source) });
        }
      }
      return scripts;
    }

    function collectFrames() {
      var frames = [];
      var elements = document.querySelectorAll("iframe, frame");
      for (var i = 0; i < elements.length && frames.length < caps.iframes; i++) {
        var frame = elements[i];
        frames.push({
          src: clip(frame.src || frame.getAttribute("data-src") || "", 2000),
          title: clip(oneLine(frame.getAttribute("title") || ""), 200),
          name: clip(frame.getAttribute("name") || "", 200),
          id: clip(frame.id || "", 200),
          visible: isVisible(frame),
          order: orderOf(frame)
        });
      }
      return frames;
    }

    function markerFrom(element, fixed) {
      return {
        tag: element.tagName.toLowerCase(),
        id: clip(element.id || "", 200),
        classes: clip(typeof element.className === "string" ? element.className : "", 300),
        text: clip(oneLine(holdsTypedText(element) ? "" : element.innerText || ""), 200),
        name: clip(oneLine(element.getAttribute("aria-label") || element.getAttribute("title") || ""), 200),
        name_from: element.getAttribute("aria-label") ? "aria-label" : element.getAttribute("title") ? "title" : "",
        fixed: fixed,
        visible: isVisible(element),
        selector: selectorOf(element),
        order: orderOf(element)
      };
    }

    function collectMarkers() {
      var markers = [];
      var seen = new Set();
      var hinted = document.querySelectorAll("[id], [class], [data-testid]");
      for (var i = 0; i < hinted.length; i++) {
        if (markers.length >= caps.markers) {
          note("markers");
          break;
        }
        var element = hinted[i];
        if (SKIP_TAGS.has(element.tagName)) continue;
        var hint = (element.id || "") + " " + (typeof element.className === "string" ? element.className : "") +
          " " + (element.getAttribute("data-testid") || "");
        if (!MARKER_HINT.test(hint)) continue;
        seen.add(element);
        markers.push(markerFrom(element, false));
      }
      // Launchers are usually fixed-position elements near the top of the tree.
      var candidates = document.body ? document.body.children : [];
      for (var j = 0; j < candidates.length && markers.length < caps.markers; j++) {
        var candidate = candidates[j];
        if (seen.has(candidate) || SKIP_TAGS.has(candidate.tagName)) continue;
        if (root.getComputedStyle(candidate).position === "fixed") markers.push(markerFrom(candidate, true));
      }
      for (var k = 0; k < markers.length; k++) {
        var style = root.getComputedStyle(document.querySelector(markers[k].selector) || document.body);
        markers[k].fixed = markers[k].fixed || style.position === "fixed";
      }
      return markers;
    }

    function collectMeta() {
      var meta = [];
      var elements = document.querySelectorAll("meta[name], meta[property], link[rel=canonical], " +
        "link[rel=alternate][hreflang], link[rel~=dns-prefetch], link[rel~=preconnect]");
      for (var i = 0; i < elements.length && meta.length < caps.meta; i++) {
        var element = elements[i];
        if (element.tagName === "LINK") {
          var rel = element.getAttribute("rel");
          var hreflang = element.getAttribute("hreflang");
          var name = rel === "canonical" ? "canonical" : hreflang ? "alternate:" + hreflang : "link:" + oneLine(rel);
          // Resource hints are often written without a scheme ("cdn.vendor.com"): keep them as written.
          var content = name.indexOf("link:") === 0 ? element.getAttribute("href") : element.href;
          meta.push({ name: name, content: clip(content || "", 2000) });
        } else {
          meta.push({
            name: clip(element.getAttribute("name") || element.getAttribute("property") || "", 200),
            content: clip(element.getAttribute("content") || "", 2000)
          });
        }
      }
      return meta;
    }

    function collectGlobals() {
      if (!options || !options.includeGlobals) return [];
      var names = [];
      try {
        names = Object.keys(root).slice(0, caps.globals);
      } catch (error) {
        names = [];
      }
      return names.filter(function (name) { return typeof name === "string"; }).map(function (name) {
        return clip(name, 120);
      });
    }

    return {
      // What a crawler needs to choose its next page, ahead of the whole snapshot.
      links: function () {
        return { url: clip(root.location.href, 2000), links: collectLinks(), truncated: truncated };
      },
      run: function () {
        return {
          snapshot_version: SNAPSHOT_VERSION,
          url: clip(root.location.href, 2000),
          title: clip(oneLine(document.title || ""), 500),
          lang: clip((document.documentElement.getAttribute("lang") || "").trim(), 40),
          viewport: { width: viewportWidth, height: viewportHeight },
          links: collectLinks(),
          buttons: collectButtons(),
          text_blocks: collectTextBlocks(),
          forms: collectForms(),
          scripts: collectScripts(),
          store_urls: collectStoreUrls(),
          iframes: collectFrames(),
          markers: collectMarkers(),
          meta: collectMeta(),
          globals: collectGlobals(),
          truncated: truncated
        };
      }
    };
  }

  function supportcheckProbe(options) {
    return makeProbe(options || {}).run();
  }

  // The page's links alone, as the whole snapshot reports them (same caps, same fields).
  supportcheckProbe.links = function (options) {
    return makeProbe(options || {}).links();
  };
  supportcheckProbe.SNAPSHOT_VERSION = SNAPSHOT_VERSION;
  root.supportcheckProbe = supportcheckProbe;
})(typeof globalThis !== "undefined" ? globalThis : this);
