/* The agent's case page: "Insert link" puts a help-center article's markdown link into the
   reply at the cursor (the search results come from htmx). */
(function () {
  "use strict";

  document.addEventListener("click", function (event) {
    var button = event.target instanceof Element ? event.target.closest("[data-insert-link]") : null;
    if (!button) {
      return;
    }
    var area = document.getElementById(button.getAttribute("data-insert-into") || "");
    if (!(area instanceof HTMLTextAreaElement)) {
      return;
    }
    var link = button.getAttribute("data-insert-link") || "";
    var before = area.value.slice(0, area.selectionStart);
    var after = area.value.slice(area.selectionEnd);
    var text = (before && !/\s$/.test(before) ? " " : "") + link;
    area.value = before + text + after;
    var caret = before.length + text.length;
    area.focus();
    area.setSelectionRange(caret, caret);
    area.dispatchEvent(new Event("input", { bubbles: true }));
  });
})();

/* Handle time: how long the agent works on this case. Time counts while the page is visible and
   the agent used it (keys, pointer, scrolling) within the last IDLE_MS, so a tab left open in the
   background or abandoned on screen adds nothing. The seconds go with the agent's next reply or
   property change (the hidden work_seconds fields); what is left when the page is hidden or
   left goes by a beacon, a form post carrying the CSRF token. The server caps each record. */
(function () {
  "use strict";

  var box = document.querySelector("[data-work-timer]");
  if (!box) {
    return;
  }
  var IDLE_MS = 3 * 60 * 1000;
  var MAX_STEP_MS = 5000; // a laptop waking from sleep jumps ahead: that gap is not work
  var pending = 0; // ms counted and not yet saved
  var inFlight = 0; // ms sent with an htmx reply that has not answered yet
  var visit = 0; // ms this visit, for the display
  var lastInput = Date.now();
  var lastTick = Date.now();
  var label = box.querySelector("[data-work-session]");

  function active(now) {
    return document.visibilityState === "visible" && now - lastInput < IDLE_MS;
  }

  function show() {
    if (!label) {
      return;
    }
    var s = Math.floor(visit / 1000);
    var m = Math.floor(s / 60);
    label.textContent = s < 60 ? s + " s" : m < 60 ? m + " min" : Math.floor(m / 60) + " h " + (m % 60) + " min";
  }

  function tick() {
    var now = Date.now();
    var step = Math.min(Math.max(now - lastTick, 0), MAX_STEP_MS);
    lastTick = now;
    if (step && active(now)) {
      pending += step;
      visit += step;
      show();
    }
  }

  function used() {
    var now = Date.now();
    if (!active(now)) {
      lastTick = now; // back from idle: the idle stretch does not count
    }
    lastInput = now;
  }

  ["keydown", "mousedown", "mousemove", "wheel", "scroll", "touchstart", "focusin"].forEach(
    function (name) {
      document.addEventListener(name, used, { passive: true, capture: true });
    }
  );
  window.setInterval(tick, 1000);

  // Before htmx (or the browser) reads the form: put the seconds in its hidden field.
  document.addEventListener(
    "submit",
    function (event) {
      var form = event.target;
      var field = form instanceof HTMLFormElement ? form.querySelector("[data-work-seconds]") : null;
      if (!field) {
        return;
      }
      tick();
      var seconds = Math.floor(pending / 1000);
      field.value = String(seconds);
      pending -= seconds * 1000;
      if (form.hasAttribute("hx-post")) {
        inFlight += seconds * 1000;
      }
    },
    true
  );
  // A refused htmx reply saved nothing: its seconds count again.
  document.addEventListener("htmx:afterRequest", function (event) {
    if (!inFlight) {
      return;
    }
    var detail = /** @type {CustomEvent} */ (event).detail || {};
    if (!detail.successful) {
      pending += inFlight;
    }
    inFlight = 0;
  });

  function flush() {
    tick();
    var seconds = Math.floor(pending / 1000);
    if (seconds < 1 || !navigator.sendBeacon) {
      return;
    }
    var body = new FormData();
    body.append("csrfmiddlewaretoken", box.getAttribute("data-csrf") || "");
    body.append("seconds", String(seconds));
    if (navigator.sendBeacon(box.getAttribute("data-work-url") || "", body)) {
      pending -= seconds * 1000;
    }
  }

  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") {
      flush();
    } else {
      lastTick = lastInput = Date.now(); // coming back to the tab is using it
    }
  });
  window.addEventListener("pagehide", flush);
})();
