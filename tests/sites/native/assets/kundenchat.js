// First-party wrapper of the shop's chat: the vendor's loader is fetched only after consent,
// so until then the page knows the vendor only by the global this file declares.
const LiveChatWidget = {
  queue: [],
  call: function (method, payload) { this.queue.push([method, payload]); }
};
LiveChatWidget.call("hide");
