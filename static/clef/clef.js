// Clef: small progressive enhancements. Every page works without JavaScript.
(function () {
  "use strict";

  // Move the focus to the error summary so screen readers announce it (RGAA 11.10).
  var summary = document.querySelector("[data-error-summary]");
  if (summary) { summary.focus(); }

  // Commune autocomplete: fills a <datalist> from /territoires/communes/?q=…
  document.querySelectorAll("[data-commune-autocomplete]").forEach(function (input) {
    var list = document.getElementById(input.getAttribute("list"));
    var timer = null;
    input.addEventListener("input", function () {
      clearTimeout(timer);
      var q = input.value.trim();
      if (q.length < 2 || / — [0-9AB]{5}$/.test(q)) { return; }
      timer = setTimeout(function () {
        fetch(input.dataset.communeAutocomplete + "?q=" + encodeURIComponent(q), { headers: { "Accept": "application/json" } })
          .then(function (r) { return r.ok ? r.json() : { results: [] }; })
          .then(function (data) {
            list.innerHTML = "";
            data.results.forEach(function (c) {
              var option = document.createElement("option");
              option.value = c.label;
              list.appendChild(option);
            });
          });
      }, 200);
    });
  });

  // Household form: add a member from the empty form template.
  var addButton = document.querySelector("[data-add-member]");
  if (addButton) {
    addButton.addEventListener("click", function () {
      var container = document.getElementById("membres");
      var prefix = container.dataset.formsetPrefix;
      var total = document.getElementById("id_" + prefix + "-TOTAL_FORMS");
      var index = parseInt(total.value, 10);
      var html = document.getElementById("membre-vide").innerHTML.replace(/__prefix__/g, index).replace(/__num__/g, index + 1);
      container.insertAdjacentHTML("beforeend", html);
      total.value = index + 1;
      var first = container.lastElementChild.querySelector("input:not([type=hidden])");
      if (first) { first.focus(); }
    });
  }
})();

// Work done by the worker (an import, a PDF report): poll its state until it is finished, then reload to
// show the result. The box names its status URL; its [role=status] line and <progress> are updated.
(function () {
  "use strict";
  var box = document.querySelector("[data-job-status]");
  if (!box || box.hasAttribute("data-finished")) { return; }
  var bar = box.querySelector("progress");
  var label = box.querySelector("[role=status]");
  function poll() {
    fetch(box.dataset.jobStatus, { headers: { "Accept": "application/json" } })
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
