// The article form's live preview: after a pause in typing, "Refresh preview" is pressed for the
// writer. The button posts the form, unsaved, into the preview frame; without JavaScript the
// writer presses it themselves.
(function () {
  "use strict";
  const PAUSE_MS = 1500;
  document.addEventListener("DOMContentLoaded", function () {
    const button = document.getElementById("live-preview-refresh");
    if (!button) return;
    const form = button.form;
    let timer = null;
    const refresh = function () { timer = null; button.click(); };
    form.addEventListener("input", function () {
      if (timer) clearTimeout(timer);
      timer = setTimeout(refresh, PAUSE_MS);
    });
    refresh();
  });
})();

// Django's autocomplete widgets (select2) leave their combobox and search box without an
// accessible name; give each the text of the original field's label. jQuery's ready handler (which
// builds them) runs before this DOMContentLoaded listener; "load" covers a late one. Not "load"
// alone: the preview frame's reloads can hold it back.
function labelAutocompletes() {
  "use strict";
  document.querySelectorAll("select.admin-autocomplete").forEach(function (select) {
    const label = document.querySelector('label[for="' + select.id + '"]');
    const container = select.nextElementSibling;
    if (!label || !container) return;
    const name = label.textContent.replace(/:\s*$/, "").trim();
    container.querySelectorAll(".select2-selection, .select2-selection__rendered, .select2-search__field").forEach(function (el) {
      el.setAttribute("aria-label", name);
    });
  });
}
document.addEventListener("DOMContentLoaded", labelAutocompletes);
window.addEventListener("load", labelAutocompletes);
