/* The admin site's search boxes for related records (select2, Django's autocomplete_fields): select2 gives
   the text it shows a "textbox" role that nothing names (axe-core: aria-input-field-name). The text stays
   the name of the box itself (labelled by it), without that role. Runs after select2 is set up (jQuery
   ready handlers run in order; autocomplete.js registered its own before this deferred script). */
(function () {
  "use strict";
  if (!window.django || !window.django.jQuery) {
    return;
  }
  var $ = window.django.jQuery;
  function unnamedTextboxes(root) {
    $(root).find(".select2-selection__rendered[role='textbox']").removeAttr("role").removeAttr("aria-readonly");
  }
  $(function () {
    unnamedTextboxes(document);
    $(document).on("formset:added select2:select select2:clear", function (event) {
      unnamedTextboxes(event.target.closest ? event.target.closest("form") || document : document);
    });
  });
})();
