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
})();
