// The planning board: a move dialog that checks each proposed place against the hard rules
// as soon as it is chosen, and dragging a card onto a wave to propose a place in it.
(function () {
  "use strict";
  var board = document.getElementById("board");
  var dialog = document.getElementById("move-dialog");
  if (!board || !dialog) { return; }
  var form = document.getElementById("move-form");
  var place = document.getElementById("move-place");
  var ceremonyInput = document.getElementById("move-ceremony");
  var title = document.getElementById("move-title");
  var verdict = document.getElementById("move-verdict");
  var reasons = document.getElementById("move-reasons");
  var submit = document.getElementById("move-submit");
  var csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  var pending = 0;

  function showReasons(list) {
    reasons.textContent = "";
    list.forEach(function (text) {
      var item = document.createElement("li");
      item.textContent = text;
      reasons.appendChild(item);
    });
  }

  function post(body) {
    return fetch(board.dataset.checkUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "Accept": "application/json", "X-CSRFToken": csrf },
      body: JSON.stringify(body)
    }).then(function (response) { return response.json(); });
  }

  function show(answer) {
    submit.disabled = !answer.ok;
    verdict.className = answer.ok ? "ok" : "";
    verdict.textContent = answer.ok ? "این جابه‌جایی همهٔ قواعد سخت را رعایت می‌کند." : "این جابه‌جایی ممکن نیست:";
    showReasons(answer.reasons || []);
  }

  function waiting() {
    submit.disabled = true;
    verdict.className = "";
    verdict.textContent = "در حال بررسی…";
    showReasons([]);
    return ++pending;
  }

  function failed(ticket) {
    if (ticket === pending) { verdict.textContent = "بررسی انجام نشد؛ دوباره بکوشید."; }
  }

  function check() {
    var parts = place.value ? place.value.split("|") : ["", "", ""];
    var ticket = waiting();
    post({ ceremony: ceremonyInput.value, wave: parts[0], day: parts[1], slot: parts[2] })
      .then(function (answer) { if (ticket === pending) { show(answer); } })
      .catch(function () { failed(ticket); });
  }

  // A card dropped on a wave: ask the server for the wave's first place that fits.
  function find(waveId) {
    var ticket = waiting();
    post({ ceremony: ceremonyInput.value, wave: waveId, find: true })
      .then(function (answer) {
        if (ticket !== pending) { return; }
        if (answer.place && place.querySelector("option[value='" + answer.place + "']")) {
          place.value = answer.place;
        }
        show(answer);
      })
      .catch(function () { failed(ticket); });
  }

  function open(ceremony, label, current) {
    ceremonyInput.value = ceremony;
    title.textContent = "«" + label + "»";
    place.value = current || "";
    if (typeof dialog.showModal === "function") { dialog.showModal(); } else { dialog.setAttribute("open", ""); }
  }

  board.addEventListener("click", function (event) {
    var link = event.target.closest("a.move-link");
    if (!link) { return; }
    event.preventDefault();
    open(link.dataset.ceremony, link.dataset.title, link.dataset.place);
    check();
  });
  place.addEventListener("change", check);
  document.getElementById("move-cancel").addEventListener("click", function () { dialog.close(); });

  var dragged = null;
  board.addEventListener("dragstart", function (event) {
    var card = event.target.closest(".card[draggable=true]");
    if (!card) { return; }
    dragged = card;
    event.dataTransfer.setData("text/plain", card.dataset.ceremony);
    event.dataTransfer.effectAllowed = "move";
  });
  board.addEventListener("dragover", function (event) {
    var column = event.target.closest(".column");
    if (!dragged || !column || column.classList.contains("frozen")) { return; }
    event.preventDefault();
    column.classList.add("drop-target");
  });
  board.addEventListener("dragleave", function (event) {
    var column = event.target.closest(".column");
    if (column) { column.classList.remove("drop-target"); }
  });
  board.addEventListener("drop", function (event) {
    var column = event.target.closest(".column");
    if (!dragged || !column) { return; }
    event.preventDefault();
    column.classList.remove("drop-target");
    var link = dragged.querySelector("a.move-link");
    open(dragged.dataset.ceremony, link ? link.dataset.title : "", link ? link.dataset.place : "");
    if (column.dataset.wave) { find(column.dataset.wave); } else { place.value = ""; check(); }
    dragged = null;
  });
})();
