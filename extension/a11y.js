/*
 * supportcheck accessibility scope: which elements of a page make up its support path, and what
 * keyboard focus is doing to them. In-page code shared by the crawler (checker/a11y/) and the
 * extension popup, as probe.js is.
 *
 * It reports facts and judges nothing: the support elements (contact and help links, tel: and
 * mailto: links, contact and callback forms, chat launchers and chat frames) with a CSS selector
 * each, the CAPTCHAs on those forms and whether an alternative sits next to them, and where focus
 * is. axe-core is then scoped to those selectors (axe's `include`), so a page's own accessibility
 * stays out of scope unless it blocks support. It never clicks, types or submits.
 *
 * Also: CAPTCHAs on sign-in forms (a support page may stop at one: WCAG 3.3.8), and the steps of
 * multi-step contact forms with the fields asked again in a later step (3.3.7), as far as the DOM
 * holds them; whether a later step fills a field in can only be seen by typing, never done here.
 */
var supportcheckA11y = (function () {
  "use strict";

  var MAX_ELEMENTS = 40;
  var CHAT_WORDS = /chat|messenger|livechat|intercom|zendesk|zopim|drift|crisp|tawk|freshchat|hubspot-messages|olark|launcher|webchat/i;
  var CAPTCHA_FRAMES = [
    ["recaptcha", /google\.com\/recaptcha|recaptcha\.net|\/recaptcha\//i],
    ["hcaptcha", /hcaptcha\.com/i],
    ["turnstile", /challenges\.cloudflare\.com/i]
  ];
  var CAPTCHA_BOXES = [
    ["recaptcha", ".g-recaptcha, [data-sitekey][class*=recaptcha]"],
    ["hcaptcha", ".h-captcha"],
    ["turnstile", ".cf-turnstile"]
  ];
  var AUDIO_ALTERNATIVE = /audio|listen|hear|play the|écouter|anhören|ascolta|escuchar|ouvir|luister|lyssna|lyt|lytt|posłuchaj|прослуш|音声/i;

  function cssEscape(value) {
    return window.CSS && CSS.escape ? CSS.escape(value) : String(value).replace(/[^\w-]/g, "\\$&");
  }

  // A selector that finds this one element again: its id when unique, else a child path.
  function selectorFor(element) {
    var steps = [];
    var node = element;
    while (node && node.nodeType === 1 && node !== document.documentElement) {
      if (node.id && document.querySelectorAll("#" + cssEscape(node.id)).length === 1) {
        steps.unshift("#" + cssEscape(node.id));
        return steps.join(" > ");
      }
      var index = 1;
      for (var sibling = node.previousElementSibling; sibling; sibling = sibling.previousElementSibling) {
        if (sibling.tagName === node.tagName) index++;
      }
      steps.unshift(node.tagName.toLowerCase() + ":nth-of-type(" + index + ")");
      node = node.parentElement;
    }
    steps.unshift("html");
    return steps.join(" > ");
  }

  function visible(element) {
    var style = getComputedStyle(element);
    if (style.visibility === "hidden" || style.display === "none") return false;
    return element.getClientRects().length > 0;
  }

  function textOf(element) {
    return (element.getAttribute("aria-label") || element.textContent || element.getAttribute("title") || "")
      .replace(/\s+/g, " ").trim().slice(0, 120);
  }

  function isFixed(element) {
    for (var node = element, depth = 0; node && node.nodeType === 1 && depth < 4; node = node.parentElement, depth++) {
      var position = getComputedStyle(node).position;
      if (position === "fixed" || position === "sticky") return true;
    }
    return false;
  }

  function marks(element) {
    return [element.id, typeof element.className === "string" ? element.className : "",
      element.getAttribute("aria-label") || "", element.getAttribute("title") || "",
      element.getAttribute("name") || "", element.getAttribute("src") || ""].join(" ");
  }

  function matchesWord(text, words) {
    var lower = text.toLowerCase();
    for (var i = 0; i < words.length; i++) {
      if (words[i] && lower.indexOf(words[i]) !== -1) return true;
    }
    return false;
  }

  function isMessageForm(form) {
    return Boolean(form.querySelector("textarea, input[type=email], input[type=tel]"));
  }

  function chatLaunchers() {
    var found = [];
    var candidates = document.querySelectorAll("button, a, [role=button], div[id], div[class], span[class]");
    for (var i = 0; i < candidates.length && found.length < 5; i++) {
      var element = candidates[i];
      if (!CHAT_WORDS.test(marks(element)) || !visible(element)) continue;
      if (element.closest("form")) continue;
      var tag = element.tagName.toLowerCase();
      if ((tag === "div" || tag === "span") && !isFixed(element)) continue;
      if (found.some(function (outer) { return outer.contains(element); })) continue;
      found.push(element);
    }
    return found;
  }

  function captchaOf(form) {
    var found = [];
    var challenge = null; // the first CAPTCHA element, for a screenshot of it rather than of the whole form
    CAPTCHA_BOXES.forEach(function (pair) {
      var box = form.querySelector(pair[1]);
      if (box) {
        found.push(pair[0]);
        challenge = challenge || box;
      }
    });
    form.querySelectorAll("iframe[src]").forEach(function (frame) {
      CAPTCHA_FRAMES.forEach(function (pair) {
        if (pair[1].test(frame.getAttribute("src")) && found.indexOf(pair[0]) === -1) {
          found.push(pair[0]);
          challenge = challenge || frame;
        }
      });
    });
    form.querySelectorAll("img").forEach(function (image) {
      if (/captcha/i.test(marks(image) + " " + (image.getAttribute("alt") || "")) && found.indexOf("image") === -1) {
        found.push("image");
        challenge = challenge || image;
      }
    });
    if (!found.length) return null;
    var alternative = "";
    var controls = form.querySelectorAll("audio, a, button, [role=button], input[type=button]");
    for (var i = 0; i < controls.length && !alternative; i++) {
      var control = controls[i];
      if (control.tagName.toLowerCase() === "audio" || AUDIO_ALTERNATIVE.test(textOf(control) + " " + marks(control))) {
        alternative = control.tagName.toLowerCase() === "audio" ? "audio element" : textOf(control) || "audio control";
      }
    }
    return { kinds: found, form: selectorFor(form), challenge: selectorFor(challenge), alternative: alternative };
  }

  var ENTRY_FIELDS = "input, select, textarea";
  var NOT_ENTRY_TYPES = /^(hidden|submit|button|reset|image|checkbox|radio|password|file)$/;
  var CONFIRMATION = /confirm|repeat|retype|verify|again|bestaetig|bestätig|conferma|confirma|bevestig|wiederhol/i;
  var STEPS = "[data-step], [role=tabpanel], [aria-roledescription=step], fieldset, [id^=step], [class~=step], [class*=step-], [class*=-step]";

  // What a field asks for: its autocomplete purpose (3.3.7's "same information"), else its name.
  function entryKey(field) {
    var token = (field.getAttribute("autocomplete") || "").trim().toLowerCase();
    if (token && token !== "on" && token !== "off") return token;
    return (field.getAttribute("name") || "").trim().toLowerCase();
  }

  // The outermost elements of `form` that look like steps and hold fields: a step inside another belongs to it.
  function stepsOf(form) {
    var found = Array.prototype.filter.call(form.querySelectorAll(STEPS), function (element) {
      return element.querySelector(ENTRY_FIELDS);
    });
    return found.filter(function (step) {
      return !found.some(function (outer) { return outer !== step && outer.contains(step); });
    });
  }

  // Steps a progress list (aria-current=step) promises, in or just around the form; 0 when none.
  function promisedSteps(form) {
    var current = form.querySelector("[aria-current=step]") ||
      (form.parentElement && form.parentElement.querySelector("[aria-current=step]"));
    var list = current && current.closest("ol, ul, [role=list]");
    return list ? list.querySelectorAll("li, [role=listitem]").length : 0;
  }

  /*
   * A contact form split into steps: how many the DOM holds and how many are hidden now, whether a
   * progress list promises more than the DOM holds, and each field a later step asks for again
   * (same autocomplete purpose or name as a field of an earlier step, empty, editable, and not a
   * "confirm" field). Null for a form of one step.
   */
  function formSteps(form) {
    var steps = stepsOf(form);
    var hidden = steps.filter(function (step) { return !visible(step); }).length;
    var promised = promisedSteps(form);
    var missing = promised > Math.max(steps.length, 1);
    if (!missing && (steps.length < 2 || !hidden)) return null;
    var firstSeen = {};
    var repeated = [];
    steps.forEach(function (step, index) {
      step.querySelectorAll(ENTRY_FIELDS).forEach(function (field) {
        if (NOT_ENTRY_TYPES.test(field.type || "")) return;
        var key = entryKey(field);
        if (!key) return;
        var earlier = firstSeen[key];
        if (!earlier) {
          firstSeen[key] = { field: field, step: index };
        } else if (earlier.step !== index && !field.value && !field.readOnly && !field.disabled &&
            !CONFIRMATION.test(marks(field))) {
          repeated.push({ key: key, first: selectorFor(earlier.field), again: selectorFor(field),
            first_step: earlier.step + 1, again_step: index + 1 });
        }
      });
    });
    return { form: selectorFor(form), steps: steps.length, hidden_steps: hidden, promised_steps: promised,
      later_steps_missing: missing, repeated: repeated.slice(0, 10) };
  }

  /*
   * The support elements of this document. `words` holds lower-case phrases naming contact and
   * help pages in the page's language (from the lexicons), so a link is recognised as the
   * crawler's gatherers recognise it.
   */
  function scope(words) {
    var elements = [];
    var seen = [];
    function add(kind, element, name) {
      if (elements.length >= MAX_ELEMENTS || seen.indexOf(element) !== -1) return;
      seen.push(element);
      elements.push({ kind: kind, selector: selectorFor(element), name: (name || textOf(element)).slice(0, 120),
        tag: element.tagName.toLowerCase(), role: element.getAttribute("role") || "", visible: visible(element),
        html: element.outerHTML.slice(0, 200) });
    }
    var captchas = [];
    var forms = [];
    document.querySelectorAll("form").forEach(function (form) {
      var captcha = captchaOf(form);
      if (form.querySelector("input[type=password]")) {
        // A sign-in form is no support element, but a CAPTCHA on it may bar the way to support.
        if (captcha) captchas.push(Object.assign(captcha, { login: true }));
        return;
      }
      if (!isMessageForm(form)) return;
      add("contact_form", form, (form.querySelector("h1,h2,h3,legend") || form).textContent.trim().slice(0, 80));
      if (captcha) captchas.push(captcha);
      var steps = formSteps(form);
      if (steps) forms.push(steps);
    });
    chatLaunchers().forEach(function (element) { add("chat_launcher", element); });
    document.querySelectorAll("iframe, frame").forEach(function (frame) {
      if (CHAT_WORDS.test(marks(frame)) && visible(frame)) add("chat_frame", frame, frame.getAttribute("title") || "");
    });
    document.querySelectorAll("a[href]").forEach(function (link) {
      var href = (link.getAttribute("href") || "").trim().toLowerCase();
      if (href.indexOf("tel:") === 0) add("tel_link", link);
      else if (href.indexOf("mailto:") === 0) add("mailto_link", link);
      else if (matchesWord(textOf(link), words) || /contact|help|support|kontakt|contatt|contacto|aide|hilfe/.test(href)) {
        if (textOf(link).length <= 80) add("help_link", link);
      }
    });
    return { elements: elements, captchas: captchas, forms: forms };
  }

  // Which of the given selectors holds the node at each axe target's first step (this frame's).
  function owners(firstSteps, selectors) {
    var roots = selectors.map(function (selector) {
      try { return document.querySelector(selector); } catch (error) { return null; }
    });
    return firstSteps.map(function (step) {
      var node = null;
      try { node = document.querySelector(step); } catch (error) { node = null; }
      if (!node) return -1;
      for (var i = 0; i < roots.length; i++) {
        if (roots[i] && roots[i].contains(node)) return i;
      }
      return -1;
    });
  }

  // The fixed-position element drawn over most of `element`, if any (WCAG 2.4.11).
  function coveringElement(element) {
    var rect = element.getBoundingClientRect();
    if (!rect.width || !rect.height) return null;
    var points = [[0.5, 0.5], [0.15, 0.15], [0.85, 0.15], [0.15, 0.85], [0.85, 0.85]];
    var cover = null;
    for (var i = 0; i < points.length; i++) {
      var x = rect.left + rect.width * points[i][0];
      var y = rect.top + rect.height * points[i][1];
      if (x < 0 || y < 0 || x >= innerWidth || y >= innerHeight) return null;
      var top = document.elementFromPoint(x, y);
      if (!top || element.contains(top) || top.contains(element) || !isFixed(top)) return null;
      cover = top;
    }
    return cover;
  }

  /*
   * Where focus is: the index of the support element (of `selectors`) holding it, whether it sits
   * on a frame (the next step is that frame's own document), a description of the focused
   * element, and the selector of a fixed element hiding it.
   */
  function focus(selectors) {
    var active = document.activeElement;
    if (!active || active === document.body || active === document.documentElement) {
      return { index: -1, frame: false, tag: "", name: "", selector: "", obscured_by: "" };
    }
    var index = owners([selectorFor(active)], selectors)[0];
    var tag = active.tagName.toLowerCase();
    var cover = tag === "iframe" || tag === "frame" ? null : coveringElement(active);
    return {
      index: index,
      frame: tag === "iframe" || tag === "frame",
      tag: tag,
      name: textOf(active).slice(0, 80),
      selector: selectorFor(active),
      obscured_by: cover ? selectorFor(cover) : ""
    };
  }

  // How much of the page is showing: what a launcher changes when it opens or closes a widget.
  function openState() {
    var shown = 0;
    document.querySelectorAll("[role=dialog], dialog, [aria-modal], iframe, [aria-expanded=true], aside, section, div")
      .forEach(function (element) { if (visible(element)) shown++; });
    return shown;
  }

  // A chat transcript announced to screen readers (WCAG 4.1.3): role=log or aria-live in the widget.
  function liveRegions() {
    return document.querySelectorAll("[role=log], [aria-live=polite], [aria-live=assertive], [role=status]").length;
  }

  return { scope: scope, owners: owners, focus: focus, openState: openState, liveRegions: liveRegions };
})();
