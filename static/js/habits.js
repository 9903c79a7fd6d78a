/* Habits pages: show only the form fields that apply, and the workout rest timer.
   Everything works without this file; it only makes the pages tidier. */
(function () {
  "use strict";

  // <div data-show-when="kind=numeric"> is shown only while that radio is chosen.
  function syncConditional(form) {
    form.querySelectorAll("[data-show-when]").forEach(function (block) {
      var rule = block.getAttribute("data-show-when").split("=");
      var checked = form.querySelector('input[name="' + rule[0] + '"]:checked');
      block.hidden = !(checked && checked.value === rule[1]);
    });
  }
  document.querySelectorAll("form").forEach(function (form) {
    if (!form.querySelector("[data-show-when]")) return;
    syncConditional(form);
    form.addEventListener("change", function () { syncConditional(form); });
  });

  // Rest timer: counts down, announces the end, and starts by itself after a set is logged.
  var timer = document.querySelector("[data-rest-timer]");
  if (!timer) return;
  var clock = timer.querySelector(".rest-timer__clock");
  var handle = null;
  var endsAt = 0;
  var STORE = "haru-rest-ends-at";

  function render(seconds) {
    var s = Math.max(0, Math.ceil(seconds));
    clock.textContent = Math.floor(s / 60) + ":" + String(s % 60).padStart(2, "0");
  }
  function tick() {
    var left = (endsAt - Date.now()) / 1000;
    render(left);
    if (left <= 0) {
      stop();
      clock.textContent = timer.getAttribute("data-label-done");
      timer.classList.add("rest-timer--done");
      if (navigator.vibrate) navigator.vibrate([200, 100, 200]);
    }
  }
  function start(seconds) {
    endsAt = Date.now() + seconds * 1000;
    try { sessionStorage.setItem(STORE, String(endsAt)); } catch (e) { /* private mode */ }
    timer.classList.remove("rest-timer--done");
    timer.classList.add("rest-timer--running");
    if (handle) clearInterval(handle);
    handle = setInterval(tick, 250);
    tick();
  }
  function stop() {
    if (handle) clearInterval(handle);
    handle = null;
    timer.classList.remove("rest-timer--running");
    try { sessionStorage.removeItem(STORE); } catch (e) { /* ignore */ }
  }
  timer.addEventListener("click", function (event) {
    var button = event.target.closest("button");
    if (!button) return;
    if (button.hasAttribute("data-rest-stop")) { stop(); render(0); return; }
    var seconds = parseInt(button.getAttribute("data-rest-start"), 10);
    if (seconds) start(seconds);
  });
  document.querySelectorAll("form[data-rest-after]").forEach(function (form) {
    form.addEventListener("submit", function () {
      var seconds = parseInt(form.getAttribute("data-rest-after"), 10) || 90;
      try { sessionStorage.setItem(STORE, String(Date.now() + seconds * 1000)); } catch (e) { /* ignore */ }
    });
  });
  // A set was just logged (the page reloaded): keep counting down.
  try {
    var stored = parseInt(sessionStorage.getItem(STORE), 10);
    if (stored && stored > Date.now()) start((stored - Date.now()) / 1000);
  } catch (e) { /* ignore */ }
})();
