/*
 * supportcheck popup, "Findings": the page judged by the supportcheck server's Python rules
 * (POST /api/v1/judge, which stores nothing), and "show me" for the channels listed.
 *
 * There is one rule engine, in Python; nothing is judged here. Without a server (or without
 * Chrome's permission to reach it) the popup stays offline and says that judging needs one.
 * The server's answer is shown through textContent only, like everything from the page.
 */
"use strict";

const PROBE_FIELDS = [
  "snapshot_version", "url", "title", "lang", "viewport", "links", "buttons", "text_blocks", "forms",
  "scripts", "iframes", "markers", "meta", "globals", "store_urls", "truncated",
];
const OUTCOME_ORDER = ["fail", "needs_review", "error", "pass"];
const OUTCOME_WORDS = { fail: "fail", needs_review: "needs review", error: "error", pass: "pass" };
const REQUEST_TIMEOUT_MS = 20000;
const KEPT_PAGES_KEY = "keptPages"; // in chrome.storage.session: gone when the browser closes
const MAX_PAGES = 10; // what the server judges at once

/** The server to use, or why there is none: {server} or {offline: reason}. */
async function serverConnection() {
  const { serverUrl, token } = await loadSettings();
  if (!serverUrl) return { offline: "Judging needs a supportcheck server: set one in the options." };
  if (!(await hasServerAccess(serverUrl))) {
    return { offline: `Chrome may not reach ${serverUrl} yet: allow it in the options.` };
  }
  return { server: { url: serverUrl, token } };
}

/** The probe's part of a snapshot, as the server's schema takes it (no popup-only fields). */
function probeOf(snapshot, pageUrl) {
  const probe = {};
  for (const field of PROBE_FIELDS) if (snapshot[field] !== undefined) probe[field] = snapshot[field];
  probe.url = pageUrl;
  return probe;
}

/** POSTs JSON to the server; resolves to the parsed answer or throws the server's own message. */
async function postJson(server, path, body) {
  const headers = { "Content-Type": "application/json" };
  if (server.token) headers.Authorization = `Bearer ${server.token}`;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), REQUEST_TIMEOUT_MS);
  try {
    const response = await fetch(`${server.url}${path}`, {
      method: "POST", headers, body: JSON.stringify(body), signal: controller.signal,
      credentials: "omit", cache: "no-store", redirect: "error",
    });
    const answer = await response.json().catch(() => ({}));
    if (!response.ok) {
      const error = answer.error || {};
      throw new Error(`the server said ${response.status}: ${error.message || response.statusText}`);
    }
    return answer;
  } finally {
    clearTimeout(timer);
  }
}

function findingRow(finding) {
  const row = element("li", `fact finding outcome-${finding.outcome}`);
  row.dataset.rule = finding.rule;
  row.dataset.outcome = finding.outcome;
  const line = element("div", "fact-line");
  line.append(element("span", "fact-text", finding.title));
  line.append(badge(OUTCOME_WORDS[finding.outcome] || finding.outcome, finding.outcome === "pass" ? "ok" : "warn"));
  line.append(badge(finding.impact, "region"));
  row.append(line);
  row.append(element("div", "fact-detail message", finding.message));
  if (finding.outcome !== "pass") row.append(element("div", "fact-detail help", `How to fix: ${finding.help}`));
  row.append(element("div", "fact-detail rule-id", finding.rule));
  return row;
}

const STORE_NAMES = { apple: "App Store", google: "Google Play" };

/** What an app's store page says of the app in the person's storefront (read apart from the site). */
function storePageRow(store) {
  const row = element("li", "fact store-page");
  row.dataset.available = String(store.available);
  const line = element("div", "fact-line");
  const name = store.store
    ? `${STORE_NAMES[store.store] || store.store}: ${store.title || store.id}`
    : "App store page";
  line.append(element("span", "fact-text", name));
  const verdict = { true: ["sold here", "ok"], false: ["not sold here", "warn"] }[store.available];
  line.append(badge(...(verdict || ["no answer", "warn"])));
  if (store.country) line.append(badge(`${store.country} storefront`, "region"));
  row.append(line);
  row.append(element("div", "fact-detail message", store.reason));
  return row;
}

function renderFindings(judged) {
  const section = $("#findings");
  const list = section.querySelector("ul");
  list.replaceChildren();
  for (const store of judged.store_pages || []) list.append(storePageRow(store));
  const shown = judged.findings
    .filter((finding) => OUTCOME_ORDER.includes(finding.outcome))
    .sort((a, b) => OUTCOME_ORDER.indexOf(a.outcome) - OUTCOME_ORDER.indexOf(b.outcome));
  for (const finding of shown) list.append(findingRow(finding));
  const skipped = judged.findings.length - shown.length;
  $("#judge-status").textContent =
    `Judged by rule set ${judged.ruleset_version} as ${judged.locale}: ${judged.status_reason}.` +
    (skipped ? ` ${skipped} rule${skipped > 1 ? "s" : ""} did not apply.` : "");
  section.dataset.state = "judged";
}

/** Pages kept from other tabs to be judged together with the next one, oldest first. */
async function keptPages() {
  const stored = await chrome.storage.session.get(KEPT_PAGES_KEY);
  return Array.isArray(stored[KEPT_PAGES_KEY]) ? stored[KEPT_PAGES_KEY] : [];
}

/** The kept pages other than the open one (at ``pageUrl``): what is judged and sent beside it. */
async function otherKeptPages(pageUrl) {
  return (await keptPages()).filter((other) => other.url !== pageUrl);
}

function sayKept(count) {
  $("#kept-status").textContent = count
    ? `${count} page${count > 1 ? "s" : ""} kept: judged together with the page the popup is opened on.`
    : "No page kept.";
}

async function keepPage(page) {
  const kept = (await keptPages()).filter((other) => other.url !== page.url);
  kept.push(page);
  const trimmed = kept.slice(-(MAX_PAGES - 1));
  await chrome.storage.session.set({ [KEPT_PAGES_KEY]: trimmed });
  sayKept(trimmed.length);
}

async function forgetKeptPages() {
  await chrome.storage.session.remove(KEPT_PAGES_KEY);
  sayKept(0);
}

/** Shows the server's findings for the snapshot, or says why there are none (offline, refused). */
async function judgeSnapshot(snapshot, locale) {
  const section = $("#findings");
  section.hidden = false;
  const connection = await serverConnection();
  if (connection.offline) {
    $("#judge-status").textContent = connection.offline;
    $("#open-options").hidden = false;
    section.dataset.state = "offline";
    return null;
  }
  const pageUrl = String(snapshot.url);
  const page = {
    url: pageUrl,
    captured_at: snapshot.captured_at,
    probe: probeOf(snapshot, pageUrl),
    accessibility: crawlerAccessibility(snapshot.accessibility), // popup_a11y.js
  };
  const others = await otherKeptPages(pageUrl);
  $("#kept").hidden = false;
  sayKept(others.length);
  $("#keep-page").addEventListener("click", () => keepPage(page));
  $("#forget-kept").addEventListener("click", forgetKeptPages);
  $("#judge-status").textContent = `Asking ${connection.server.url} to judge this page…`;
  try {
    const pages = [page, ...others].slice(0, MAX_PAGES);
    renderFindings(await postJson(connection.server, "/api/v1/judge", { locale, pages }));
  } catch (error) {
    $("#judge-status").textContent = `Could not judge: ${error.message}`;
    section.dataset.state = "failed";
  }
  return connection.server;
}

/** Runs in the tab: scrolls to the element and outlines it; false when it is not there. */
function outlineElement(selector) {
  let found = null;
  try {
    found = document.querySelector(selector);
  } catch (error) {
    return false;
  }
  if (!found) return false;
  found.scrollIntoView({ block: "center", inline: "nearest" });
  found.style.setProperty("outline", "3px solid #d4351c", "important");
  found.style.setProperty("outline-offset", "2px", "important");
  found.setAttribute("data-supportcheck-shown", "");
  return true;
}

/** A "Show me" button for an element of the page, when the probe gave its selector. */
function showMeButton(selector) {
  const button = element("button", "show-me", "Show me");
  button.type = "button";
  if (!selector) {
    button.disabled = true;
    return button;
  }
  button.addEventListener("click", async () => {
    const [run] = await chrome.scripting.executeScript({
      target: { tabId: currentTabId }, func: outlineElement, args: [selector],
    });
    setStatus(run && run.result ? "Outlined on the page." : "That element is no longer on the page.", "done");
  });
  return button;
}
