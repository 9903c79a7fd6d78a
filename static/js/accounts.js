// Haru accounts: small progressive enhancements (pages work without them).
(function () {
  "use strict";
  // Sign-up: send the browser's time zone so days and reminders follow the user's clock.
  document.querySelectorAll('input[type="hidden"][name="timezone"]').forEach(function (input) {
    if (!input.value && window.Intl && Intl.DateTimeFormat) {
      try {
        input.value = Intl.DateTimeFormat().resolvedOptions().timeZone || "";
      } catch (e) { /* keep the server default */ }
    }
  });
  // Ask before destructive buttons marked with data-confirm.
  document.addEventListener("submit", function (event) {
    var button = event.submitter;
    var message = button && button.getAttribute("data-confirm");
    if (message && !window.confirm(message)) {
      event.preventDefault();
    }
  });
})();
