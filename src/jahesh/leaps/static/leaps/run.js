// Follow a background planning run until it ends, then reload to show the result.
(function () {
  "use strict";
  var panel = document.getElementById("run");
  if (!panel || panel.dataset.finished === "1") { return; }
  var bar = document.getElementById("run-progress");
  var status = document.getElementById("run-status");
  var stage = document.getElementById("run-stage");
  function poll() {
    fetch(panel.dataset.statusUrl, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (answer) {
        bar.value = answer.progress_pct;
        status.textContent = answer.status_label;
        stage.textContent = answer.stage;
        if (answer.finished) { window.location.reload(); } else { window.setTimeout(poll, 1500); }
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  window.setTimeout(poll, 1000);
})();
