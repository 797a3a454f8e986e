/*
 * supportcheck popup, "Accessible support": runs the crawler's accessibility checks on the tab.
 *
 * The same files as the crawler (a11y.js finds the support elements, the vendored axe-core checks
 * them with the tags wcag2a, wcag2aa, wcag21aa and wcag22aa) are injected into every frame of the
 * tab, in the extension's isolated world. In the top frame axe.run is scoped to the support
 * elements and reaches same-origin frames through its own messages. activeTab grants the tab's
 * own origin only, so frames of other origins (most chat widgets) are named, not checked: the
 * crawler, which drives axe.runPartial and axe.finishRun in every frame over the DevTools
 * protocol, checks them. The keyboard walk needs real key presses and stays with the crawler too.
 * Results are page data: shown through textContent only. For the server they are put in the
 * crawler's shape (checker/a11y/model.py PageAccessibility) by crawlerAccessibility, so the same
 * a11y.* rules judge what a person's browser checked.
 */
"use strict";

const A11Y_FILES = ["vendor/axe.min.js", "a11y.js"];
const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21aa", "wcag22aa"];
const MAX_NODES = 10;
const SUPPORT_KINDS = ["contact_form", "chat_launcher", "chat_frame", "help_link", "tel_link", "mailto_link"];
// The server schema's caps on the texts of a page's accessibility (server/api/schemas/snapshot.schema.json).
const TEXT_CAPS = {
  selector: 3000, form: 3000, first: 3000, again: 3000, target: 3000, name: 300, alternative: 300, html: 600,
  help: 600, help_url: 4000, failure_summary: 1000, key: 200, id: 80, role: 60, tag: 40,
};

/** Runs in the tab's top frame: the support elements, and axe-core's results scoped to them. */
async function runAxeOnSupport(words, tags, maxNodes) {
  const found = supportcheckA11y.scope(words);
  // activeTab reaches the tab's own origin only; axe cannot enter frames of other origins here.
  const otherOrigins = [...document.querySelectorAll("iframe[src], frame[src]")].filter((frame) => {
    try {
      return new URL(frame.src, location.href).origin !== location.origin;
    } catch (error) {
      return false;
    }
  });
  const selectors = found.elements.map((item) => item.selector);
  const roots = selectors.map((selector) => document.querySelector(selector));
  // A frame axe cannot enter counts only where it is (or lies within) a support element.
  const uncheckedSupport = otherOrigins.filter((frame) => roots.some((root) => root && root.contains(frame)));
  const kept = {
    elements: found.elements,
    captchas: found.captchas,
    forms: found.forms,
    violations: [],
    incomplete: [],
    passes: [],
    version: axe.version,
    tags,
    frames: 1 + document.querySelectorAll("iframe, frame").length - otherOrigins.length,
    frame_errors: uncheckedSupport.length,
    unchecked_frames: otherOrigins.map((frame) => String(frame.src).slice(0, 200)),
  };
  if (!found.elements.length) return kept;
  const results = await axe.run(
    { include: selectors.map((selector) => [selector]) },
    { runOnly: { type: "tag", values: tags }, resultTypes: ["violations", "incomplete"] }
  );
  const keep = (result) => {
    const nodes = result.nodes.slice(0, maxNodes);
    // Which support element holds each node, as the crawler asks a11y.js (checker/a11y/audit.py).
    const owners = supportcheckA11y.owners(nodes.map((node) => String([].concat(node.target)[0] || "")), selectors);
    return {
      id: result.id,
      impact: result.impact,
      tags: result.tags,
      help: result.help,
      help_url: result.helpUrl,
      nodes: nodes.map((node, index) => ({
        target: [].concat(node.target).map(String),
        html: String(node.html).slice(0, 200),
        failure_summary: String(node.failureSummary || "").slice(0, 500),
        support: owners[index] >= 0 ? found.elements[owners[index]].kind : null,
      })),
    };
  };
  kept.violations = results.violations.map(keep);
  kept.incomplete = results.incomplete.map(keep);
  kept.passes = results.passes.map((result) => result.id).sort();
  return kept;
}

/** Picks ``fields`` of ``item`` that are set (the server's schema refuses any other), texts cut at its caps. */
function picked(item, fields) {
  const kept = {};
  for (const field of fields) {
    const value = item[field];
    if (value === undefined) continue;
    kept[field] = typeof value === "string" && TEXT_CAPS[field] ? value.slice(0, TEXT_CAPS[field]) : value;
  }
  return kept;
}

/**
 * The popup's accessibility facts in the crawler's shape (PageAccessibility), as sent to the
 * server with a page: only the fields the crawler's model has, so the same rules judge them. The
 * keyboard walk needs real key presses (the crawler's), so it is never sent.
 */
function crawlerAccessibility(accessibility) {
  const axeRule = (result) => ({
    ...picked(result, ["id", "impact", "tags", "help", "help_url"]),
    nodes: result.nodes.map((node) => ({
      ...picked(node, ["html", "failure_summary", "support"]),
      target: node.target.slice(0, 10).map((step) => step.slice(0, TEXT_CAPS.target)),
    })),
  });
  return {
    elements: accessibility.elements
      .filter((item) => SUPPORT_KINDS.includes(item.kind))
      .map((item) => picked(item, ["kind", "selector", "name", "tag", "role", "visible", "html"])),
    axe: accessibility.elements.length ? {
      version: accessibility.version,
      tags: accessibility.tags,
      violations: accessibility.violations.map(axeRule),
      incomplete: accessibility.incomplete.map(axeRule),
      passes: accessibility.passes,
      frames: accessibility.frames,
      frame_errors: accessibility.frame_errors,
    } : null,
    captchas: accessibility.captchas.map((captcha) => picked(captcha, ["kinds", "form", "alternative", "login"])),
    forms: accessibility.forms.map((form) => ({
      ...picked(form, ["form", "steps", "hidden_steps", "promised_steps", "later_steps_missing"]),
      repeated: (form.repeated || []).map((field) => picked(field, ["key", "first", "again", "first_step", "again_step"])),
    })),
  };
}

/** The accessibility facts of the tab's support path, as the snapshot's ``accessibility``. */
async function checkAccessibility(tabId, words) {
  const everyFrame = { tabId, allFrames: true };
  await withTimeout(chrome.scripting.executeScript({ target: everyFrame, files: A11Y_FILES }), "The accessibility checks");
  await withTimeout(
    chrome.scripting.executeScript({
      target: everyFrame,
      func: () => axe.configure({ allowedOrigins: ["<unsafe_all_origins>"] }),
    }),
    "axe-core"
  );
  const run = await withTimeout(
    chrome.scripting.executeScript({ target: { tabId }, func: runAxeOnSupport, args: [words, AXE_TAGS, MAX_NODES] }),
    "axe-core"
  );
  return firstResult(run, "axe-core");
}

function axeRow(result, outcome) {
  const row = element("li", "fact");
  const line = element("div", "fact-line");
  line.append(element("span", "fact-text", `${result.id}: ${result.help}`));
  line.append(badge(outcome === "violation" ? result.impact || "violation" : "needs review", outcome === "violation" ? "warn" : "region"));
  row.append(line);
  const targets = result.nodes.map((node) => [].concat(node.target).join(" >>> "));
  row.append(element("div", "fact-detail", targets.join(" · ")));
  return row;
}

function renderAccessibility(accessibility) {
  const rows = [
    ...accessibility.violations.map((result) => axeRow(result, "violation")),
    ...accessibility.incomplete.map((result) => axeRow(result, "incomplete")),
    ...accessibility.captchas.map((captcha) => {
      const row = element("li", "fact");
      const line = element("div", "fact-line");
      const where = captcha.login ? " on a sign-in form" : "";
      line.append(element("span", "fact-text", `CAPTCHA${where} (${captcha.kinds.join(", ")})`));
      line.append(captcha.alternative ? badge("alternative", "ok") : badge("no alternative seen", "warn"));
      row.append(line);
      row.append(element("div", "fact-detail", captcha.alternative || captcha.form));
      return row;
    }),
  ];
  const unchecked = accessibility.unchecked_frames.length;
  const checked =
    `${accessibility.elements.length} support elements checked with axe-core ${accessibility.version}.` +
    (unchecked ? ` ${unchecked} frame${unchecked > 1 ? "s" : ""} from another origin not checked here` +
      " (the crawler checks them)." : "");
  fillList("accessibility", rows, `No violation found. ${checked}`);
  $("#accessibility").append(element("p", "hint", checked));
}
