// Small enhancements only; every page works without this file.
// "/" focuses the search box (or opens the search page); "Escape" leaves a text field.
(function () {
  "use strict";
  function typing(el) {
    if (!el) { return false; }
    var tag = el.tagName;
    return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || el.isContentEditable;
  }
  document.addEventListener("keydown", function (ev) {
    if (ev.ctrlKey || ev.metaKey || ev.altKey) { return; }
    if (ev.key === "/" && !typing(document.activeElement)) {
      var box = document.getElementById("q") || document.getElementById("source-search");
      if (box) {
        ev.preventDefault();
        box.focus();
        box.select();
      } else if (document.getElementById("nav-search")) {
        ev.preventDefault();
        window.location.assign("/search");
      }
    } else if (ev.key === "Escape" && typing(document.activeElement)) {
      document.activeElement.blur();
    }
  });
}());
