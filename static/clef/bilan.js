// Clef, bilan pages. Every page works without JavaScript: the data tables beside the charts carry the
// same figures.
(function () {
  "use strict";

  // The charts (@gouvfr/dsfr-chart, Chart.js) format their axes with Intl.NumberFormat and no locale, that
  // is the browser's language: a French page shows French numbers (« 1 500 », « 12,5 ») in any browser.
  var NativeNumberFormat = Intl.NumberFormat;
  var pageLocale = document.documentElement.lang || "fr";
  function FrenchNumberFormat(locales, options) {
    return new NativeNumberFormat(locales || pageLocale, options);
  }
  FrenchNumberFormat.prototype = NativeNumberFormat.prototype;
  FrenchNumberFormat.supportedLocalesOf = NativeNumberFormat.supportedLocalesOf;
  Intl.NumberFormat = FrenchNumberFormat;

  // PDF report being drawn by the worker: poll its state, reload when it is ready (like imports).
  var box = document.querySelector("[data-report-status]");
  if (!box || box.hasAttribute("data-finished")) { return; }
  var bar = document.getElementById("rapport-progression");
  var label = document.getElementById("rapport-etat");
  function poll() {
    fetch(box.dataset.reportStatus, { headers: { "Accept": "application/json" } })
      .then(function (r) { return r.json(); })
      .then(function (state) {
        bar.value = state.percent;
        bar.textContent = state.percent + " %";
        label.textContent = state.label + (state.finished ? "" : " — " + (state.step || "en file d'attente"));
        if (state.finished) { window.location.reload(); } else { setTimeout(poll, 1500); }
      })
      .catch(function () { setTimeout(poll, 5000); });
  }
  setTimeout(poll, 1000);
})();
