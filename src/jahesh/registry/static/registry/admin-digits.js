// The admin's «N of M selected» counter is rewritten by Django's actions.js with Latin digits
// each time a row is ticked; the page itself leaves the server with Persian digits
// (registry/admin/persian_output.py). Write the counter's digits in Persian again after each change.
(function () {
  "use strict";
  var persian = "۰۱۲۳۴۵۶۷۸۹";
  function toPersian(text) {
    return text.replace(/[0-9]/g, function (d) { return persian[Number(d)]; });
  }
  function watch(node) {
    var fix = function () {
      var shown = toPersian(node.textContent);
      if (shown !== node.textContent) { node.textContent = shown; }
    };
    new MutationObserver(fix).observe(node, { childList: true, characterData: true, subtree: true });
    fix();
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".action-counter, .actions .all, .actions .question").forEach(watch);
  });
})();
