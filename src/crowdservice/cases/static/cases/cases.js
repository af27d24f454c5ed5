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
