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
 * Results are page data: shown through textContent only.
 */
"use strict";

const A11Y_FILES = ["vendor/axe.min.js", "a11y.js"];
const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21aa", "wcag22aa"];
const MAX_NODES = 10;

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
  const kept = {
    elements: found.elements,
    captchas: found.captchas,
    forms: found.forms,
    violations: [],
    incomplete: [],
    version: axe.version,
    unchecked_frames: otherOrigins.map((frame) => String(frame.src).slice(0, 200)),
  };
  if (!found.elements.length) return kept;
  const results = await axe.run(
    { include: found.elements.map((item) => [item.selector]) },
    { runOnly: { type: "tag", values: tags }, resultTypes: ["violations", "incomplete"] }
  );
  const keep = (result) => ({
    id: result.id,
    impact: result.impact,
    help: result.help,
    help_url: result.helpUrl,
    nodes: result.nodes.slice(0, maxNodes).map((node) => ({ target: node.target, html: String(node.html).slice(0, 200) })),
  });
  kept.violations = results.violations.map(keep);
  kept.incomplete = results.incomplete.map(keep);
  return kept;
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
