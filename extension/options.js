/*
 * supportcheck options: saves the server address and token, and asks Chrome for access to that
 * server only (chrome.permissions.request needs the click on "Save and allow access").
 */
"use strict";

function say(text, kind) {
  const status = document.getElementById("status");
  status.textContent = text;
  status.className = `status ${kind || ""}`.trim();
}

async function save(event) {
  event.preventDefault();
  const address = document.getElementById("server-url").value.trim();
  const typed = document.getElementById("token").value.trim();
  const origin = serverOrigin(address);
  if (!origin) {
    say("The server address must start with http:// or https://.", "error");
    return;
  }
  const token = typed || (await loadSettings()).token; // an empty field keeps the saved token
  await chrome.storage.local.set({ serverUrl: origin, token });
  document.getElementById("server-url").value = origin;
  document.getElementById("token").value = "";
  let granted = await hasServerAccess(origin);
  if (!granted) {
    say(`Saved. Chrome asks whether supportcheck may reach ${origin}…`, "");
    document.body.dataset.state = "asking";
    granted = await chrome.permissions.request({ origins: [originPattern(origin)] });
  }
  if (!granted) {
    say(`Saved, but Chrome was not allowed to reach ${origin}: the popup cannot judge until you allow it.`, "error");
    document.body.dataset.state = "denied";
    return;
  }
  const note = token ? "" : " (no token: a private server will refuse to judge)";
  say(`Saved. The popup judges pages with ${origin}${note}.`, "done");
  document.body.dataset.state = "saved";
}

async function forget() {
  const { serverUrl } = await loadSettings();
  await chrome.storage.local.remove(SETTINGS_KEYS);
  if (serverUrl) await chrome.permissions.remove({ origins: [originPattern(serverUrl)] });
  document.getElementById("server-url").value = "";
  document.getElementById("token").value = "";
  say("Forgotten: the popup works offline again.", "done");
  document.body.dataset.state = "forgotten";
}

async function main() {
  const { serverUrl, token } = await loadSettings();
  document.getElementById("server-url").value = serverUrl;
  if (token) document.getElementById("token").placeholder = "a token is saved (type one to replace it)";
  document.getElementById("server-form").addEventListener("submit", save);
  document.getElementById("forget").addEventListener("click", forget);
  document.body.dataset.state = "loaded";
}

main();
