/*
 * supportcheck popup, "Submit as evidence": sends what this browser sees to the server
 * (POST /api/v1/evidence) for a reviewer to accept or reject on the dashboard.
 *
 * The open page goes with the pages kept from other tabs (popup_server.js), as one piece of
 * evidence whose first page is the open one; the person may leave the kept pages out.
 *
 * Privacy first: the preview shows exactly what will be sent (every page's URL and channels, the
 * screenshot, which is of the open page only, and the size of the whole request), query strings
 * are dropped unless kept on purpose, the fields one can type into are blacked out in the
 * screenshot, the person can black out any other area by dragging across the preview (only the
 * blacked-out image leaves the popup), the screenshot can be left out, and the probe never reads
 * what was typed into the page.
 */
"use strict";

const MAX_NOTE = 2000;
const SCREENSHOT_QUALITY = 70;
const MIN_BOX_PX = 4; // a drag narrower than this, in the screenshot's pixels, is a click
// {snapshot, server, original, boxes, screenshot, screenshotError, blackedOut, kept}: ``original``
// is the capture, ``screenshot`` the same with the person's ``boxes`` painted black (what is sent).
let evidenceState = null;

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

/** A page ({url, captured_at, probe, accessibility}) as it will be sent: its address (and the probe's) trimmed. */
function sentPage(page, keepQuery, signedIn) {
  const url = sentUrl(page.url, keepQuery);
  const { captured_at: capturedAt, accessibility } = page;
  return { url, signed_in: signedIn, captured_at: capturedAt, probe: { ...page.probe, url }, accessibility };
}

/** The pages to send, as read: the open one first, then the kept ones unless left out. */
function pagesToSend() {
  const { snapshot, kept } = evidenceState;
  const open = {
    url: snapshot.url,
    captured_at: snapshot.captured_at,
    probe: probeOf(snapshot, snapshot.url),
    accessibility: crawlerAccessibility(snapshot.accessibility), // popup_a11y.js
  };
  return [open, ...($("#ev-kept").checked ? kept : [])].slice(0, MAX_PAGES); // popup_server.js
}

/** Whether the person says they were signed in to see the page (each kept page has its own box). */
function signedInTo(page, index) {
  return index === 0 ? $("#ev-signed-in").checked : evidenceState.keptSignedIn.has(page.url);
}

/** The request body, exactly as it would be sent with the form's current choices. */
function evidenceBody() {
  const keepQuery = $("#ev-keep-query").checked;
  const screenshot = evidenceState.screenshot;
  return {
    firm: $("#ev-firm").value.trim(),
    locale: $("#ev-locale").value.trim(),
    pages: pagesToSend().map((page, index) => sentPage(page, keepQuery, signedInTo(page, index))),
    screenshot: $("#ev-screenshot").checked && screenshot ? screenshot : null,
    note: $("#ev-note").value.slice(0, MAX_NOTE),
    languages: [...(navigator.languages || [])].slice(0, 10),
    timezone: Intl.DateTimeFormat().resolvedOptions().timeZone || "",
  };
}

/** The channels a page's probe shows, one line each: tel:, mailto: and forms with a message box. */
function channelLines(probe) {
  const lines = [];
  for (const link of probe.links || []) {
    const raw = (link.raw_href || link.href || "").trim();
    if (/^(tel|mailto):/i.test(raw)) lines.push(`${raw.split(":")[0].toLowerCase()}: ${raw.slice(raw.indexOf(":") + 1)}`);
  }
  const forms = (probe.forms || []).filter((form) => (form.fields || []).some((field) => field.tag === "textarea"));
  for (const form of forms) lines.push(`message form: ${form.heading || form.selector || "(form)"}`);
  return [...new Set(lines)];
}

/** A kept page's own "signed in" box: only the person knows whether that page needed it. */
function keptSignedInBox(keptUrl) {
  const label = element("label", "check ev-page-signed-in");
  const box = element("input");
  box.type = "checkbox";
  box.checked = evidenceState.keptSignedIn.has(keptUrl);
  box.addEventListener("input", () => {
    if (box.checked) evidenceState.keptSignedIn.add(keptUrl);
    else evidenceState.keptSignedIn.delete(keptUrl);
    renderPreview();
  });
  label.append(box, " I was signed in to see it");
  return label;
}

/** One page of the preview: its address as sent, and the channels on it. */
function previewPage(page, index, source) {
  const item = element("li", "ev-page");
  item.append(element("code", "ev-url", page.url));
  if (index === 0) item.append(element("span", "hint", " (this page)"));
  else item.append(keptSignedInBox(source.url));
  const channels = element("ul", "ev-channels facts");
  channels.replaceChildren(...channelLines(page.probe).map((line) => element("li", "", line)));
  if (!channels.children.length) channels.append(element("li", "empty", "No tel:, mailto: or message form on this page."));
  item.append(channels);
  return item;
}

/** Redraws the preview from the body that would be sent now. */
function renderPreview() {
  const body = evidenceBody();
  const kept = evidenceState.kept.length;
  $("#ev-kept-choice").hidden = !kept;
  $("#ev-kept-count").textContent = `${kept} page${kept === 1 ? "" : "s"}`;
  const sources = pagesToSend();
  $("#ev-pages").replaceChildren(...body.pages.map((page, index) => previewPage(page, index, sources[index])));
  const shot = $("#ev-shot");
  shot.hidden = !body.screenshot;
  if (body.screenshot) shot.src = body.screenshot;
  const blackedOut = evidenceState.blackedOut;
  const onlyOpen = body.pages.length > 1 ? " The screenshot is of this page only." : "";
  const boxes = evidenceState.boxes.length;
  const byYou = boxes ? `, ${boxes} area${boxes === 1 ? "" : "s"} blacked out by you` : "";
  $("#ev-shot-note").textContent = body.screenshot ?
    `${blackedOut} field${blackedOut === 1 ? "" : "s"} one can type into blacked out${byYou}.${onlyOpen}` :
    evidenceState.screenshot ? "The screenshot is left out." : `No screenshot: ${evidenceState.screenshotError}`;
  $("#ev-redact").hidden = !body.screenshot;
  $("#ev-undo").disabled = !boxes;
  const size = new TextEncoder().encode(JSON.stringify(body)).length; // the bytes postJson sends
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

/** The capture with every box painted black, as a JPEG data URL: the screenshot that is sent. */
async function blackedOutScreenshot(original, boxes) {
  if (!boxes.length) return original;
  const image = new Image();
  image.src = original;
  await image.decode();
  const canvas = document.createElement("canvas");
  canvas.width = image.naturalWidth;
  canvas.height = image.naturalHeight;
  const drawing = canvas.getContext("2d");
  drawing.drawImage(image, 0, 0);
  drawing.fillStyle = "#000";
  for (const box of boxes) drawing.fillRect(box.x, box.y, box.width, box.height);
  return canvas.toDataURL("image/jpeg", SCREENSHOT_QUALITY / 100);
}

/** Where a pointer event falls on the preview, in the screenshot's own pixels (kept inside it). */
function imagePoint(event, shot) {
  const frame = shot.getBoundingClientRect();
  const scale = shot.naturalWidth / frame.width;
  const within = (value, most) => Math.min(Math.max(value, 0), most);
  return {
    x: within((event.clientX - frame.left) * scale, shot.naturalWidth),
    y: within((event.clientY - frame.top) * scale, shot.naturalHeight),
  };
}

function boxBetween(from, to) {
  return {
    x: Math.min(from.x, to.x), y: Math.min(from.y, to.y),
    width: Math.abs(from.x - to.x), height: Math.abs(from.y - to.y),
  };
}

async function applyBoxes() {
  evidenceState.screenshot = await blackedOutScreenshot(evidenceState.original, evidenceState.boxes);
  renderPreview();
}

/** Dragging across the preview blacks out that area of the screenshot; Undo takes the last one back. */
function enableBlackingOut() {
  const shot = $("#ev-shot");
  const drawing = $("#ev-drawing");
  let start = null;
  const outline = (box) => {
    const scale = shot.getBoundingClientRect().width / shot.naturalWidth;
    Object.assign(drawing.style, {
      left: `${shot.offsetLeft + box.x * scale}px`, top: `${shot.offsetTop + box.y * scale}px`,
      width: `${box.width * scale}px`, height: `${box.height * scale}px`,
    });
    drawing.hidden = false;
  };
  shot.addEventListener("pointerdown", (event) => {
    start = imagePoint(event, shot);
    try {
      shot.setPointerCapture(event.pointerId); // the drag may end outside the preview
    } catch (error) {
      // a pointer the browser does not track (a synthetic event): the drag still works inside
    }
  });
  shot.addEventListener("pointermove", (event) => {
    if (start) outline(boxBetween(start, imagePoint(event, shot)));
  });
  shot.addEventListener("pointercancel", () => {
    start = null;
    drawing.hidden = true;
  });
  shot.addEventListener("pointerup", async (event) => {
    if (!start) return;
    const box = boxBetween(start, imagePoint(event, shot));
    start = null;
    drawing.hidden = true;
    if (box.width < MIN_BOX_PX || box.height < MIN_BOX_PX) return;
    evidenceState.boxes.push(box);
    await applyBoxes();
  });
  $("#ev-undo").addEventListener("click", async () => {
    evidenceState.boxes.pop();
    await applyBoxes();
  });
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
  evidenceState = {
    snapshot, server, original: null, boxes: [], screenshot: null, screenshotError: "", blackedOut: 0,
    kept: await otherKeptPages(snapshot.url), keptSignedIn: new Set(),
  };
  try {
    evidenceState.original = evidenceState.screenshot = await screenshotOf(tabId);
  } catch (error) {
    evidenceState.screenshotError = String((error && error.message) || error);
  }
  $("#ev-firm").value = firmGuess(snapshot.url);
  $("#ev-locale").value = localeGuess();
  for (const id of ["#ev-firm", "#ev-locale", "#ev-note", "#ev-signed-in", "#ev-keep-query", "#ev-kept", "#ev-screenshot"]) {
    $(id).addEventListener("input", renderPreview);
  }
  // Keeping this page or forgetting the kept ones changes what would be sent: the preview follows.
  chrome.storage.onChanged.addListener(async (changes, area) => {
    if (area !== "session" || !(KEPT_PAGES_KEY in changes)) return;
    evidenceState.kept = await otherKeptPages(snapshot.url);
    renderPreview();
  });
  $("#ev-send").addEventListener("click", sendEvidence);
  enableBlackingOut();
  renderPreview();
  section.dataset.state = "ready";
}
