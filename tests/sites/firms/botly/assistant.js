/*
 * Nova, Botly's self-hosted virtual assistant: a launcher button that opens a chat panel built on
 * demand. It is a bot and says so; it never hands over to a person.
 */
(function () {
  "use strict";
  var GREETING = "Hi, I'm Nova, Botly's AI-powered virtual assistant. I can answer questions about " +
    "policies, claims and billing. I can't connect you to a human agent.";
  var NO_HUMAN = "I'm sorry, I can't transfer you to a person. Our FAQ may help: /faq";

  function reply(question) {
    if (/agent|human|person|operator|call/i.test(question)) return NO_HUMAN;
    return "Here is what I found in our FAQ: /faq";
  }

  function say(log, who, text) {
    var line = document.createElement("p");
    line.className = "va-message va-" + who;
    line.textContent = text;
    log.appendChild(line);
  }

  function openPanel() {
    var panel = document.getElementById("va-panel");
    if (panel) { panel.hidden = !panel.hidden; return; }
    panel = document.createElement("section");
    panel.id = "va-panel";
    panel.className = "va-panel";
    panel.setAttribute("role", "dialog");
    panel.setAttribute("aria-label", "Nova virtual assistant");
    panel.innerHTML = '<header class="va-title">Nova · Virtual assistant (bot)</header>' +
      '<div class="va-log" aria-live="polite"></div>' +
      '<input class="va-input" aria-label="Ask Nova a question" placeholder="Ask a question…">';
    document.body.appendChild(panel);
    var log = panel.querySelector(".va-log");
    say(log, "bot", GREETING);
    panel.querySelector(".va-input").addEventListener("keydown", function (event) {
      if (event.key !== "Enter" || !event.target.value) return;
      say(log, "user", event.target.value);
      say(log, "bot", reply(event.target.value));
      event.target.value = "";
    });
  }

  window.novaAssistant = { open: openPanel, vendor: "botly-self-hosted", bot: true };
  document.getElementById("va-launcher").addEventListener("click", openPanel);
  document.querySelectorAll("[data-open-assistant]").forEach(function (button) {
    button.addEventListener("click", openPanel);
  });
})();
