/* CrowdService: small progressive enhancements. Every page works without this file. */
(function () {
  "use strict";

  // Disclosure menus: the account menu and the navigation's groups (staff: Analytics).
  var MENUS = "details.user-menu, details.nav-menu";
  var MENUS_OPEN = "details.user-menu[open], details.nav-menu[open]";

  function closeMenus(except) {
    document.querySelectorAll(MENUS_OPEN).forEach(function (menu) {
      if (menu !== except) {
        menu.removeAttribute("open");
      }
    });
  }

  document.addEventListener("click", function (event) {
    var target = event.target instanceof Element ? event.target : null;
    if (!target) {
      return;
    }

    // "Add a comment": reveal the form next to the button and move focus into it.
    var reveal = target.closest("[data-reveal]");
    if (reveal) {
      var form = document.getElementById(reveal.getAttribute("data-reveal"));
      if (form) {
        form.classList.remove("js-collapsed");
        reveal.setAttribute("aria-expanded", "true");
        reveal.hidden = true;
        var field = form.querySelector("textarea, input:not([type=hidden])");
        if (field) {
          field.focus();
        }
      }
      return;
    }

    // Copy a value (the new API token) to the clipboard.
    var copy = target.closest("[data-copy]");
    if (copy) {
      var source = document.getElementById(copy.getAttribute("data-copy"));
      if (source && navigator.clipboard) {
        navigator.clipboard.writeText(source.value || source.textContent || "").then(function () {
          copy.textContent = "Copied";
        });
      } else if (source && source.select) {
        source.select();
      }
      return;
    }

    closeMenus(target.closest(MENUS));
  });

  // Escape closes an open menu and gives focus back to its toggle.
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") {
      return;
    }
    var open = document.querySelector(MENUS_OPEN);
    if (open) {
      open.removeAttribute("open");
      var summary = open.querySelector("summary");
      if (summary) {
        summary.focus();
      }
    }
  });

  // Plain (non-htmx) forms that destroy something ask first: <form data-confirm="...">.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form instanceof HTMLFormElement && form.hasAttribute("data-confirm")) {
      if (!window.confirm(form.getAttribute("data-confirm"))) {
        event.preventDefault();
      }
    }
  });

  // After htmx adds an answer, bring it into view (the form stays where it was).
  document.addEventListener("htmx:afterSettle", function () {
    var fresh = document.querySelector("article.answer.is-new:not([data-seen])");
    if (fresh) {
      fresh.setAttribute("data-seen", "");
      fresh.scrollIntoView({ block: "nearest" });
    }
  });

  // Times arrive as absolute dates (so cached pages never go stale and no-JS readers see a date);
  // show them relative ("3 hours ago") in the reader's language, with the date as a tooltip.
  var UNITS = [["year", 31536000], ["month", 2592000], ["week", 604800], ["day", 86400],
               ["hour", 3600], ["minute", 60]];
  var relative = window.Intl && Intl.RelativeTimeFormat
    ? new Intl.RelativeTimeFormat(document.documentElement.lang || undefined, { numeric: "auto" })
    : null;

  function humanize(root) {
    if (!relative) {
      return;
    }
    root.querySelectorAll("time[data-relative]").forEach(function (el) {
      var when = Date.parse(el.getAttribute("datetime"));
      if (isNaN(when)) {
        return;
      }
      if (!el.title) {
        el.title = el.textContent.trim();
      }
      var seconds = (when - Date.now()) / 1000;
      var text = Math.abs(seconds) < 45 ? relative.format(0, "second") : null;
      for (var i = 0; !text && i < UNITS.length; i++) {
        if (Math.abs(seconds) >= UNITS[i][1] || i === UNITS.length - 1) {
          text = relative.format(Math.round(seconds / UNITS[i][1]), UNITS[i][0]);
        }
      }
      el.textContent = text;
    });
  }

  humanize(document);
  document.addEventListener("htmx:load", function (event) {
    humanize(event.target instanceof Element ? event.target : document);
  });
  window.setInterval(function () { humanize(document); }, 60000);

  // Ctrl/Cmd+Enter in a textarea submits its form.
  document.addEventListener("keydown", function (event) {
    var area = event.target;
    if (area instanceof HTMLTextAreaElement && event.key === "Enter" && (event.ctrlKey || event.metaKey) && area.form) {
      event.preventDefault();
      area.form.requestSubmit();
    }
  });
})();
