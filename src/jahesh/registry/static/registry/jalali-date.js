/* Jahesh: open the Jalali date picker on date inputs, writing dates the way the form shows them
   (1402/03/15). django-jalali's own starter writes 1402-03-15, which our forms also accept but
   which would look different from the dates already on the page. */
(function () {
  "use strict";

  function start() {
    var $ = window.jQuery && window.jQuery.datepicker ? window.jQuery : window.django && django.jQuery;
    if (!$ || !$.datepicker) {
      return;
    }
    function attach(root) {
      $(root).find("input.vjDateField").each(function () {
        var input = $(this);
        if ((this.id || "").indexOf("__prefix__") !== -1 || input.hasClass("hasDatepicker")) {
          return;
        }
        input.datepicker({
          dateFormat: "yy/mm/dd",
          changeMonth: true,
          changeYear: true,
          showOn: "both",
          buttonImageOnly: true,
          buttonText: "انتخاب تاریخ",
          isRTL: true,
        });
      });
    }
    attach(document);
    document.addEventListener("formset:added", function (event) {
      attach(event.target);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
