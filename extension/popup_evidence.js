/*
 * supportcheck popup, "Submit as evidence": sends what this browser sees to the server
 * (POST /api/v1/evidence) for a reviewer to accept or reject on the dashboard.
 *
 * Privacy first: the preview shows exactly what will be sent (the URL, the channels, the
 * screenshot and the size of the whole request), the query string is dropped unless kept on
 * purpose, the fields one can type into are blacked out in the screenshot, which can be left out,
 * and the probe never reads what was typed into the page.
 */
"use strict";

const MAX_NOTE = 2000;
const SCREENSHOT_QUALITY = 70;
let evidenceState = null; // {snapshot, server, screenshot, tabUrl}

/** The page URL as it will be sent: without its query string (and fragment) unless kept. */
function sentUrl(address, keepQuery) {
  const url = new URL(address);
  url.hash = "";
  if (!keepQuery) url.search = "";
  return url.href;
}

/** A guess at the firm from the site's domain: "www.acme-bank.co.uk" → "acme-bank". */
function firmGuess(address) {
  const labels = hostOf(address).replace(/^www\d*\./, "").split(".");
  const secondLevel = new Set(["co", "com", "org", "net", "gov", "ac"]);
  if (labels.length > 2 && secondLevel.has(labels[labels.length - 2])) labels.pop();
  return labels.length > 1 ? labels[labels.length - 2] : labels[0] || "";
}

/** The browser's language as a locale tag with a country ("en-US"), for the locale field. */
function localeGuess() {
  const tagged = (navigator.languages || [navigator.language]).find((tag) => /^[a-z]{2,3}-[A-Z]{2}$/i.test(tag));
  return tagged || "en-US";
}

/** The request body, exactly as it would be sent with the form's current choices. */
function evidenceBody() {
  const { snapshot, screenshot } = evidenceState;
  const keepQuery = $("#ev-keep-query").checked;
  const pageUrl = sentUrl(snapshot.url, keepQuery);
  return {
    firm: $("#ev-firm").value.trim(),
    locale: $("#ev-locale").value.trim(),
    pages: [{
      url: pageUrl,
      signed_in: $("#ev-signed-in").checked,
      captured_at: snapshot.captured_at,
      probe: probeOf(snapshot, pageUrl), // popup_server.js
    }],
    screenshot: $("#ev-screenshot").checked && screenshot ? screenshot : null,
    note: $("#ev-note").value.slice(0, MAX_NOTE),
    languages: [...(navigator.languages || [])].slice(0, 10),
    timezone: Intl.DateTimeFormat().resolvedOptions().timeZone || "",
  };
}

function channelLines(snapshot) {
  const lines = [];
  for (const link of snapshot.links || []) {
    const raw = (link.raw_href || link.href || "").trim();
    if (/^(tel|mailto):/i.test(raw)) lines.push(`${raw.split(":")[0].toLowerCase()}: ${raw.slice(raw.indexOf(":") + 1)}`);
  }
  const forms = (snapshot.forms || []).filter((form) => (form.fields || []).some((field) => field.tag === "textarea"));
  for (const form of forms) lines.push(`message form: ${form.heading || form.selector || "(form)"}`);
  return [...new Set(lines)];
}

/** Redraws the preview from the body that would be sent now. */
function renderPreview() {
  const body = evidenceBody();
  $("#ev-url").textContent = body.pages[0].url;
  const list = $("#ev-channels");
  list.replaceChildren(...channelLines(evidenceState.snapshot).map((line) => element("li", "", line)));
  if (!list.children.length) list.append(element("li", "empty", "No tel:, mailto: or message form on this page."));
  const shot = $("#ev-shot");
  shot.hidden = !body.screenshot;
  if (body.screenshot) shot.src = body.screenshot;
  const blackedOut = evidenceState.blackedOut;
  $("#ev-shot-note").textContent = body.screenshot ?
    `${blackedOut} field${blackedOut === 1 ? "" : "s"} one can type into blacked out.` :
    evidenceState.screenshot ? "The screenshot is left out." : `No screenshot: ${evidenceState.screenshotError}`;
  const size = JSON.stringify(body).length;
  $("#ev-size").textContent = `About ${Math.max(1, Math.round(size / 1024))} KB will be sent to ${evidenceState.server.url}.`;
  const shown = { ...body, screenshot: body.screenshot ? `(the image above, ${Math.round(body.screenshot.length / 1024)} KB)` : null };
  $("#ev-json").textContent = JSON.stringify(shown, null, 1);
}

/**
 * Runs in the tab: covers every field a visitor can type into (and what they chose in lists) with
 * a black box, or takes the boxes away (``cover`` false). Resolves, once painted, to how many.
 */
function blackOutTypedFields(cover) {
  const layerId = "supportcheck-blackout";
  const old = document.getElementById(layerId);
  if (old) old.remove();
  if (!cover) return Promise.resolve(0);
  const layer = document.createElement("div");
  layer.id = layerId;
  layer.style.cssText = "position:fixed;inset:0;pointer-events:none;z-index:2147483647";
  const typed = document.querySelectorAll(
    "input:not([type=button]):not([type=submit]):not([type=reset]):not([type=image]):not([type=hidden])," +
    " textarea, select, [contenteditable]:not([contenteditable=false])"
  );
  let covered = 0;
  for (const field of typed) {
    const box = field.getBoundingClientRect();
    if (box.width < 1 || box.height < 1 || box.bottom < 0 || box.top > innerHeight) continue;
    const patch = document.createElement("div");
    patch.style.cssText = `position:fixed;left:${box.left - 2}px;top:${box.top - 2}px;` +
      `width:${box.width + 4}px;height:${box.height + 4}px;background:#000`;
    layer.append(patch);
    covered += 1;
  }
  document.documentElement.append(layer);
  return new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve(covered))));
}

/** The visible part of the tab as a JPEG data URL, with the fields one can type into blacked out. */
async function screenshotOf(tabId) {
  const tab = await chrome.tabs.get(tabId);
  const [covering] = await chrome.scripting.executeScript({ target: { tabId }, func: blackOutTypedFields, args: [true] });
  evidenceState.blackedOut = covering ? covering.result : 0;
  try {
    return await chrome.tabs.captureVisibleTab(tab.windowId, { format: "jpeg", quality: SCREENSHOT_QUALITY });
  } finally {
    await chrome.scripting.executeScript({ target: { tabId }, func: blackOutTypedFields, args: [false] });
  }
}

async function sendEvidence() {
  const button = $("#ev-send");
  button.disabled = true;
  const status = $("#ev-status");
  status.textContent = "Sending…";
  try {
    const stored = await postJson(evidenceState.server, "/api/v1/evidence", evidenceBody());
    status.textContent = `Sent as evidence #${stored.id} for ${stored.firm} (${stored.locale}): ` +
      `a reviewer accepts or rejects it on the dashboard (${stored.review_url}).`;
    status.className = "status done";
    $("#evidence").dataset.state = "sent";
    $("#evidence").dataset.evidenceId = String(stored.id);
  } catch (error) {
    status.textContent = `Not sent: ${error.message}`;
    status.className = "status error";
    $("#evidence").dataset.state = "failed";
    button.disabled = false;
  }
}

/** Fills the evidence form for the snapshot (firm and locale pre-filled) and shows its preview. */
async function prepareEvidence(snapshot, tabId, server) {
  const section = $("#evidence");
  section.hidden = false;
  evidenceState = { snapshot, server, screenshot: null, screenshotError: "", blackedOut: 0 };
  try {
    evidenceState.screenshot = await screenshotOf(tabId);
  } catch (error) {
    evidenceState.screenshotError = String((error && error.message) || error);
  }
  $("#ev-firm").value = firmGuess(snapshot.url);
  $("#ev-locale").value = localeGuess();
  for (const id of ["#ev-firm", "#ev-locale", "#ev-note", "#ev-signed-in", "#ev-keep-query", "#ev-screenshot"]) {
    $(id).addEventListener("input", renderPreview);
  }
  $("#ev-send").addEventListener("click", sendEvidence);
  renderPreview();
  section.dataset.state = "ready";
}
