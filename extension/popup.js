/*
 * supportcheck popup: runs probe.js on one tab and shows what a visitor can find to reach help.
 *
 * The probe runs in the extension's isolated world (the page cannot tamper with it), exactly as the
 * crawler runs it; page globals are read from the main world and the isolated world's own keys
 * subtracted, as checker/probe.py does. Everything the probe returns is page data, hence hostile:
 * it reaches the DOM through textContent only. The popup shows facts; judging lives in Python, on
 * the supportcheck server (popup_server.js); evidence goes there too (popup_evidence.js).
 *
 * Opened as a tab with ?tab=<tabId>, it reads that tab instead of the active one (used by tests).
 */
"use strict";

const PROBE_FILE = "probe.js";
const CONTACT_WORDS_FILE = "contact_words.json";
const MAX_GLOBALS = 1500;
const MAX_GLOBAL_NAME = 120;
const MAX_ROWS = 30;
const STEP_TIMEOUT_MS = 15000;

let snapshotJson = "";
let snapshotHost = "page";
let currentTabId = null;

function $(selector) {
  return document.querySelector(selector);
}

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = String(text);
  return node;
}

function withTimeout(promise, what) {
  let timer;
  const timeout = new Promise((resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${STEP_TIMEOUT_MS / 1000} s`)), STEP_TIMEOUT_MS);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function targetTabId() {
  const requested = new URLSearchParams(location.search).get("tab");
  if (requested !== null) {
    const tabId = Number(requested);
    if (!Number.isInteger(tabId) || tabId < 0) throw new Error(`"${requested}" is not a tab id.`);
    return tabId;
  }
  const [tab] = await chrome.tabs.query({ active: true, currentWindow: true });
  if (!tab || tab.id === undefined) throw new Error("There is no active tab to read.");
  return tab.id;
}

async function contactWords() {
  const response = await fetch(chrome.runtime.getURL(CONTACT_WORDS_FILE));
  const table = await response.json();
  return table.words.map((word) => String(word).toLowerCase());
}

function firstResult(injection, what) {
  if (!Array.isArray(injection) || !injection.length) throw new Error(`${what} returned nothing.`);
  return injection[0].result;
}

// The same read as checker/probe.py: a hostile page may break Object.keys, which means "no globals".
function windowKeys() {
  try {
    return Object.keys(window).slice(0, 1500);
  } catch (error) {
    return [];
  }
}

function cleanNames(names) {
  if (!Array.isArray(names)) return [];
  return names
    .filter((name) => typeof name === "string")
    .slice(0, MAX_GLOBALS)
    .map((name) => name.slice(0, MAX_GLOBAL_NAME));
}

/** Runs the probe in the tab and returns the snapshot: the probe result plus globals, url, captured_at. */
async function captureSnapshot(tabId) {
  const target = { tabId };
  await withTimeout(chrome.scripting.executeScript({ target, files: [PROBE_FILE] }), "The page");
  const [probeRun, isolatedRun, mainRun] = await withTimeout(
    Promise.all([
      chrome.scripting.executeScript({ target, func: () => supportcheckProbe({}) }),
      chrome.scripting.executeScript({ target, func: windowKeys }),
      chrome.scripting.executeScript({ target, func: windowKeys, world: "MAIN" }),
    ]),
    "The page"
  );
  const probe = firstResult(probeRun, "The probe");
  if (!probe || typeof probe !== "object" || !Array.isArray(probe.links)) {
    throw new Error("The probe did not return a snapshot.");
  }
  const builtins = new Set(cleanNames(firstResult(isolatedRun, "The isolated world")));
  const globals = cleanNames(firstResult(mainRun, "The page's main world")).filter((name) => !builtins.has(name));
  return { ...probe, globals, url: String(probe.url || ""), captured_at: new Date().toISOString() };
}

function hostOf(address) {
  try {
    return new URL(address).hostname;
  } catch (error) {
    return "";
  }
}

function linkLabel(link) {
  return (link.text || link.name || link.title || "(no text)").replace(/\s+/g, " ").trim();
}

function isContactLike(link, words) {
  const haystack = `${link.text} ${link.name} ${link.title} ${link.raw_href || link.href}`.toLowerCase();
  return words.some((word) => haystack.includes(word));
}

/** One line per distinct (label, target, region, visibility), with how often it appears. */
function distinctRows(items, keyOf) {
  const rows = new Map();
  for (const item of items) {
    const key = keyOf(item);
    const row = rows.get(key);
    if (row) row.count += 1;
    else rows.set(key, { item, count: 1 });
  }
  return [...rows.values()];
}

function badge(text, kind) {
  return element("span", `badge ${kind || ""}`.trim(), text);
}

function linkRow(link, count, target) {
  const row = element("li", "fact");
  const line = element("div", "fact-line");
  line.append(element("span", "fact-text", linkLabel(link)));
  line.append(badge(link.region || "other", "region"));
  line.append(link.visible ? badge("visible", "ok") : badge("hidden", "warn"));
  if (count > 1) line.append(badge(`×${count}`, "count"));
  line.append(showMeButton(link.selector)); // popup_server.js
  row.append(line);
  row.append(element("div", "fact-detail", target));
  return row;
}

function fillList(sectionId, rows, emptyText) {
  const section = document.getElementById(sectionId);
  const list = section.querySelector("ul");
  const heading = section.querySelector("h2");
  heading.append(element("span", "tally", ` ${rows.length}`));
  if (!rows.length) {
    list.append(element("li", "empty", emptyText));
    return;
  }
  for (const row of rows.slice(0, MAX_ROWS)) list.append(row);
  if (rows.length > MAX_ROWS) list.append(element("li", "empty", `and ${rows.length - MAX_ROWS} more in the snapshot`));
}

function schemeTarget(link, scheme) {
  const raw = link.raw_href || link.href || "";
  let target = raw.slice(scheme.length).split("?")[0];
  try {
    target = decodeURIComponent(target);
  } catch (error) {
    // A malformed escape stays as written.
  }
  return target.trim();
}

function linksWithScheme(links, scheme) {
  return links.filter((link) => (link.raw_href || link.href || "").trim().toLowerCase().startsWith(scheme));
}

function render(snapshot, words) {
  const links = snapshot.links || [];
  const pageHost = hostOf(snapshot.url);
  $("#page-title").textContent = snapshot.title || "(untitled page)";
  $("#page-url").textContent = snapshot.url;

  const webLinks = links.filter((link) => /^https?:/i.test(link.href || ""));
  const contactLinks = distinctRows(
    webLinks.filter((link) => isContactLike(link, words)),
    (link) => [linkLabel(link), link.href, link.region, link.visible].join("\u0000")
  );
  fillList(
    "contact-links",
    contactLinks.map(({ item, count }) => linkRow(item, count, item.href)),
    "No link says contact, help or support."
  );

  for (const [sectionId, scheme, emptyText] of [
    ["phones", "tel:", "No tel: link."],
    ["emails", "mailto:", "No mailto: link."],
  ]) {
    const rows = distinctRows(linksWithScheme(links, scheme), (link) =>
      [schemeTarget(link, scheme), linkLabel(link), link.region, link.visible].join("\u0000")
    );
    fillList(sectionId, rows.map(({ item, count }) => linkRow(item, count, schemeTarget(item, scheme))), emptyText);
  }

  const messageForms = (snapshot.forms || []).filter((form) =>
    (form.fields || []).some((field) => field.tag === "textarea")
  );
  fillList(
    "message-forms",
    messageForms.map((form) => {
      const row = element("li", "fact");
      const line = element("div", "fact-line");
      line.append(element("span", "fact-text", form.heading || form.selector || "(form)"));
      line.append(badge(form.region || "other", "region"));
      line.append(form.visible ? badge("visible", "ok") : badge("hidden", "warn"));
      line.append(showMeButton(form.selector));
      row.append(line);
      const labels = (form.fields || []).map((field) => field.label || field.name || field.type).filter(Boolean);
      const buttons = (form.buttons || []).join(", ");
      row.append(element("div", "fact-detail", `${labels.join(" · ")}${buttons ? ` → ${buttons}` : ""}`));
      return row;
    }),
    "No form with a message box."
  );

  const foreign = [
    ...(snapshot.scripts || []).map((script) => ({ host: hostOf(script.src), kind: "script" })),
    ...(snapshot.iframes || []).map((frame) => ({ host: hostOf(frame.src), kind: "iframe" })),
  ].filter(({ host }) => host && host !== pageHost);
  fillList(
    "other-hosts",
    distinctRows(foreign, ({ host, kind }) => `${host}\u0000${kind}`).map(({ item, count }) => {
      const row = element("li", "fact");
      const line = element("div", "fact-line");
      line.append(element("span", "fact-text", item.host));
      line.append(badge(count > 1 ? `${item.kind} ×${count}` : item.kind, "region"));
      row.append(line);
      return row;
    }),
    "Nothing loaded from another host."
  );

  const counts = $("#counts dl");
  for (const [label, value] of [
    ["links", links.length],
    ["text blocks", (snapshot.text_blocks || []).length],
    ["buttons", (snapshot.buttons || []).length],
    ["forms", (snapshot.forms || []).length],
    ["page globals", snapshot.globals.length],
  ]) {
    counts.append(element("dt", "", label), element("dd", "", value));
  }
  if ((snapshot.truncated || []).length) {
    counts.append(element("dt", "", "cut at caps"), element("dd", "", snapshot.truncated.join(", ")));
  }
  $("#summary").hidden = false;
}

function setStatus(text, kind) {
  const status = $("#status");
  status.textContent = text;
  status.className = `status ${kind || ""}`.trim();
}

async function copySnapshot() {
  try {
    await navigator.clipboard.writeText(snapshotJson);
  } catch (error) {
    // The async clipboard needs focus; a selected textarea and execCommand do not.
    const scratch = element("textarea", "scratch");
    scratch.value = snapshotJson;
    document.body.append(scratch);
    scratch.select();
    const copied = document.execCommand("copy");
    scratch.remove();
    if (!copied) {
      setStatus("Could not copy: the browser refused the clipboard. Use Download instead.", "error");
      return;
    }
  }
  setStatus(`Copied the snapshot (${Math.ceil(snapshotJson.length / 1024)} KB of JSON).`, "done");
}

function downloadSnapshot() {
  const blobUrl = URL.createObjectURL(new Blob([snapshotJson], { type: "application/json" }));
  const anchor = element("a");
  anchor.href = blobUrl;
  const stamp = new Date().toISOString().replace(/[:.]/g, "").slice(0, 15);
  anchor.download = `supportcheck-${snapshotHost}-${stamp}Z.json`;
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
  setTimeout(() => URL.revokeObjectURL(blobUrl), 10000);
  setStatus(`Saved ${anchor.download}.`, "done");
}

function explain(error) {
  const message = String((error && error.message) || error);
  if (/cannot access|cannot be scripted|chrome:\/\/|extensions gallery/i.test(message)) {
    return `Chrome does not let extensions read this page (${message}). Open a web page and try again.`;
  }
  return `Could not read the page: ${message}`;
}

async function main() {
  $("#copy").addEventListener("click", copySnapshot);
  $("#download").addEventListener("click", downloadSnapshot);
  $("#open-options").addEventListener("click", () => chrome.runtime.openOptionsPage());
  try {
    const [tabId, words] = await Promise.all([targetTabId(), contactWords()]);
    currentTabId = tabId;
    const snapshot = await captureSnapshot(tabId);
    snapshot.accessibility = await checkAccessibility(tabId, words); // popup_a11y.js
    snapshotJson = JSON.stringify(snapshot, null, 1);
    snapshotHost = (hostOf(snapshot.url) || "page").replace(/[^a-z0-9.-]/gi, "_");
    render(snapshot, words);
    renderAccessibility(snapshot.accessibility);
    setStatus(`Read ${snapshot.links.length} links at ${snapshot.captured_at.slice(11, 19)} UTC.`, "done");
    $("#copy").disabled = false;
    $("#download").disabled = false;
    const server = await judgeSnapshot(snapshot, localeGuess()); // popup_server.js, popup_evidence.js
    if (server) await prepareEvidence(snapshot, tabId, server);
    document.body.dataset.state = "ready";
  } catch (error) {
    setStatus(explain(error), "error");
    document.body.dataset.state = "error";
  }
}

main();
