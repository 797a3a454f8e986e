/*
 * supportcheck settings, shared by the popup and the options page: the server address and token in
 * chrome.storage.local, and the host permission for that server, asked for at run time.
 *
 * The token is never logged, never shown back in full, and sent only in the Authorization header
 * of requests to the configured server.
 */
"use strict";

const SETTINGS_KEYS = ["serverUrl", "token"];

/** The server's origin (scheme, host, port) or null when the address is not http(s). */
function serverOrigin(address) {
  try {
    const url = new URL(address);
    return url.protocol === "http:" || url.protocol === "https:" ? url.origin : null;
  } catch (error) {
    return null;
  }
}

/** The host permission pattern Chrome grants for a server origin. */
function originPattern(origin) {
  return `${new URL(origin).protocol}//${new URL(origin).hostname}/*`;
}

async function loadSettings() {
  const stored = await chrome.storage.local.get(SETTINGS_KEYS);
  const origin = serverOrigin(stored.serverUrl || "");
  return { serverUrl: origin || "", token: String(stored.token || "") };
}

async function hasServerAccess(origin) {
  return chrome.permissions.contains({ origins: [originPattern(origin)] });
}
