// Loads the support messenger lazily; the vendor's own script URL never appears in the page.
window.Intercom = function () { window.Intercom.q = (window.Intercom.q || []).concat([arguments]); };
window.Intercom("boot", { app_id: "abc123", hide_default_launcher: true });
