/* Jahesh: a Jalali calendar beside every date input marked data-jalali-picker.

   Progressive enhancement: the input keeps taking typed dates; the button beside it opens a
   month grid. Keyboard: arrows move a day (right and left follow the right-to-left page, so
   left is the next day) or a week, Page Up/Down a month, Home/End the week's ends, Enter or
   Space picks, Escape closes. No Jalali arithmetic here: the server hands over a table of
   months [year, month, name, first Gregorian day, length] and this script counts days in it. */
(function () {
  "use strict";
  if (window.jaheshJalaliPicker) {
    return;
  }
  window.jaheshJalaliPicker = true;

  var DIGITS = "۰۱۲۳۴۵۶۷۸۹";
  var WEEKDAYS = ["ش", "ی", "د", "س", "چ", "پ", "ج"];
  var WEEKDAY_NAMES = ["شنبه", "یکشنبه", "دوشنبه", "سه‌شنبه", "چهارشنبه", "پنجشنبه", "جمعه"];
  var DAY_MS = 86400000;
  var counter = 0;

  function fa(text) {
    return String(text).replace(/[0-9]/g, function (d) { return DIGITS[+d]; });
  }
  function latin(text) {
    return String(text).replace(/[۰-۹]/g, function (d) { return DIGITS.indexOf(d); })
      .replace(/[٠-٩]/g, function (d) { return d.charCodeAt(0) - 0x660; });
  }
  function pad(n) {
    return n < 10 ? "0" + n : String(n);
  }
  function utc(iso) {
    var p = iso.split("-");
    return Date.UTC(+p[0], +p[1] - 1, +p[2]);
  }
  // Saturday is the first day of the Persian week.
  function weekdayIndex(ms) {
    return (new Date(ms).getUTCDay() + 1) % 7;
  }

  function Picker(input) {
    this.input = input;
    this.months = JSON.parse(input.getAttribute("data-jalali-months"));
    this.firsts = this.months.map(function (m) { return utc(m[3]); });
    this.today = utc(input.getAttribute("data-jalali-today"));
    this.id = "jalali-picker-" + (++counter);
    this.build();
  }

  Picker.prototype.monthOf = function (ms) {
    for (var i = this.months.length - 1; i >= 0; i--) {
      if (ms >= this.firsts[i]) {
        return ms < this.firsts[i] + this.months[i][4] * DAY_MS ? i : -1;
      }
    }
    return -1;
  };

  Picker.prototype.label = function (ms) {
    var i = this.monthOf(ms);
    var m = this.months[i];
    var day = Math.round((ms - this.firsts[i]) / DAY_MS) + 1;
    var parts = m[2].split(" ");
    return WEEKDAY_NAMES[weekdayIndex(ms)] + " " + fa(day) + " " + parts[0] + " " + parts[1];
  };

  Picker.prototype.text = function (ms) {
    var i = this.monthOf(ms);
    var day = Math.round((ms - this.firsts[i]) / DAY_MS) + 1;
    return fa(this.months[i][0] + "/" + pad(this.months[i][1]) + "/" + pad(day));
  };

  // The day the typed text names, if it is a Jalali date the table holds.
  Picker.prototype.typed = function () {
    var m = latin(this.input.value).trim().match(/^(\d{4})[\/\-.](\d{1,2})[\/\-.](\d{1,2})$/);
    if (!m) {
      return null;
    }
    for (var i = 0; i < this.months.length; i++) {
      var row = this.months[i];
      if (row[0] === +m[1] && row[1] === +m[2] && +m[3] >= 1 && +m[3] <= row[4]) {
        return this.firsts[i] + (+m[3] - 1) * DAY_MS;
      }
    }
    return null;
  };

  Picker.prototype.build = function () {
    var self = this;
    var button = document.createElement("button");
    button.type = "button";
    button.className = "jalali-picker-toggle";
    button.setAttribute("aria-haspopup", "dialog");
    button.setAttribute("aria-expanded", "false");
    button.setAttribute("aria-controls", this.id);
    var name = this.input.labels && this.input.labels[0] ? this.input.labels[0].textContent : "";
    button.setAttribute("aria-label", "گشودن تقویم" + (name ? " برای " + name.replace(/[:：]\s*$/, "") : ""));
    button.textContent = "تقویم";
    this.input.insertAdjacentElement("afterend", button);
    this.button = button;

    var dialog = document.createElement("div");
    dialog.id = this.id;
    dialog.className = "jalali-picker";
    dialog.setAttribute("role", "dialog");
    dialog.setAttribute("aria-label", "برگزیدن تاریخ");
    dialog.hidden = true;
    dialog.innerHTML =
      '<div class="jalali-picker-head">' +
      '<button type="button" class="jalali-picker-prev" aria-label="ماه پیش">›</button>' +
      '<h2 class="jalali-picker-title" aria-live="polite"></h2>' +
      '<button type="button" class="jalali-picker-next" aria-label="ماه پس">‹</button>' +
      "</div>" +
      '<table role="grid"><thead><tr></tr></thead><tbody></tbody></table>' +
      '<p class="jalali-picker-help">پیکان‌ها: جابه‌جایی روز و هفته؛ Enter: برگزیدن؛ Escape: بستن</p>';
    var head = dialog.querySelector("thead tr");
    WEEKDAYS.forEach(function (w, i) {
      var th = document.createElement("th");
      th.scope = "col";
      th.setAttribute("abbr", WEEKDAY_NAMES[i]);
      th.textContent = w;
      head.appendChild(th);
    });
    button.insertAdjacentElement("afterend", dialog);
    this.dialog = dialog;
    this.title = dialog.querySelector(".jalali-picker-title");
    this.body = dialog.querySelector("tbody");
    this.grid = dialog.querySelector("table");
    this.title.id = this.id + "-title";
    this.grid.setAttribute("aria-labelledby", this.title.id);

    button.addEventListener("click", function () {
      if (self.dialog.hidden) {
        self.open();
      } else {
        self.close(true);
      }
    });
    dialog.querySelector(".jalali-picker-prev").addEventListener("click", function () {
      self.moveMonth(-1, false);
    });
    dialog.querySelector(".jalali-picker-next").addEventListener("click", function () {
      self.moveMonth(1, false);
    });
    this.grid.addEventListener("keydown", function (e) { self.onKey(e); });
    this.grid.addEventListener("click", function (e) {
      var cell = e.target.closest("[data-ms]");
      if (cell) {
        self.pick(+cell.getAttribute("data-ms"));
      }
    });
    dialog.addEventListener("keydown", function (e) {
      if (e.key === "Escape") {
        e.preventDefault();
        self.close(true);
      }
    });
    document.addEventListener("click", function (e) {
      if (!self.dialog.hidden && !self.dialog.contains(e.target) && e.target !== self.button) {
        self.close(false);
      }
    });
  };

  Picker.prototype.open = function () {
    var start = this.typed();
    if (start === null) {
      start = this.monthOf(this.today) >= 0 ? this.today : this.firsts[0];
    }
    this.dialog.hidden = false;
    this.button.setAttribute("aria-expanded", "true");
    this.render(start, true);
  };

  Picker.prototype.close = function (returnFocus) {
    this.dialog.hidden = true;
    this.button.setAttribute("aria-expanded", "false");
    if (returnFocus) {
      this.input.focus();
    }
  };

  Picker.prototype.pick = function (ms) {
    this.input.value = this.text(ms);
    this.input.dispatchEvent(new Event("input", { bubbles: true }));
    this.input.dispatchEvent(new Event("change", { bubbles: true }));
    this.close(true);
  };

  Picker.prototype.render = function (focusMs, moveFocus) {
    var i = this.monthOf(focusMs);
    if (i < 0) {
      return;
    }
    this.focusMs = focusMs;
    var row = this.months[i];
    var first = this.firsts[i];
    var selected = this.typed();
    this.title.textContent = row[2];
    this.body.textContent = "";
    var tr = document.createElement("tr");
    for (var blank = 0; blank < weekdayIndex(first); blank++) {
      tr.appendChild(document.createElement("td"));
    }
    for (var d = 0; d < row[4]; d++) {
      var ms = first + d * DAY_MS;
      if (tr.children.length === 7) {
        this.body.appendChild(tr);
        tr = document.createElement("tr");
      }
      var td = document.createElement("td");
      td.setAttribute("role", "gridcell");
      td.setAttribute("data-ms", String(ms));
      td.setAttribute("aria-label", this.label(ms));
      td.setAttribute("aria-selected", ms === selected ? "true" : "false");
      td.tabIndex = ms === focusMs ? 0 : -1;
      td.textContent = fa(d + 1);
      if (ms === this.today) {
        td.className = "jalali-picker-today";
        td.setAttribute("aria-current", "date");
      }
      tr.appendChild(td);
    }
    this.body.appendChild(tr);
    if (moveFocus) {
      this.body.querySelector('[tabindex="0"]').focus();
    }
  };

  Picker.prototype.moveMonth = function (step, moveFocus) {
    var i = this.monthOf(this.focusMs) + step;
    if (i < 0 || i >= this.months.length) {
      return;
    }
    var day = Math.round((this.focusMs - this.firsts[this.monthOf(this.focusMs)]) / DAY_MS);
    this.render(this.firsts[i] + Math.min(day, this.months[i][4] - 1) * DAY_MS, moveFocus);
  };

  Picker.prototype.onKey = function (e) {
    var rtl = getComputedStyle(this.grid).direction === "rtl";
    var steps = {
      ArrowLeft: rtl ? 1 : -1,
      ArrowRight: rtl ? -1 : 1,
      ArrowUp: -7,
      ArrowDown: 7,
      Home: -weekdayIndex(this.focusMs),
      End: 6 - weekdayIndex(this.focusMs),
    };
    if (e.key === "Enter" || e.key === " ") {
      e.preventDefault();
      this.pick(this.focusMs);
    } else if (e.key === "PageUp" || e.key === "PageDown") {
      e.preventDefault();
      this.moveMonth(e.key === "PageUp" ? -1 : 1, true);
    } else if (Object.prototype.hasOwnProperty.call(steps, e.key)) {
      e.preventDefault();
      var next = this.focusMs + steps[e.key] * DAY_MS;
      if (this.monthOf(next) >= 0) {
        this.render(next, true);
      }
    }
  };

  function start() {
    var inputs = document.querySelectorAll("input[data-jalali-picker]");
    for (var i = 0; i < inputs.length; i++) {
      if (!inputs[i].hasAttribute("data-jalali-ready")) {
        inputs[i].setAttribute("data-jalali-ready", "");
        new Picker(inputs[i]);
      }
    }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
