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
// accessible name: select2 names the combobox by the chosen value alone (aria-labelledby, which
// outranks aria-label), empty until something is chosen. Each is named by the original field's
// label, followed by the chosen value. After jQuery's ready handler (which builds them); "load"
// covers a late one. Not "load" alone: the preview frame's reloads can hold it back.
function labelAutocompletes() {
  "use strict";
  document.querySelectorAll("select.admin-autocomplete").forEach(function (select) {
    const label = document.querySelector('label[for="' + select.id + '"]');
    const container = select.nextElementSibling;
    if (!label || !container) return;
    label.id = label.id || select.id + "-label";
    container.querySelectorAll(".select2-selection").forEach(function (combo) {
      const shown = combo.querySelector(".select2-selection__rendered");
      combo.setAttribute("aria-labelledby", shown && shown.id ? label.id + " " + shown.id : label.id);
    });
    // select2 gives the chosen value role=textbox: it is named by the label too.
    container.querySelectorAll(".select2-selection__rendered").forEach(function (el) {
      el.setAttribute("aria-labelledby", label.id);
    });
    container.querySelectorAll(".select2-search__field").forEach(function (el) {
      el.setAttribute("aria-label", "Search " + label.textContent.replace(/:\s*$/, "").trim());
    });
  });
}
// jQuery 3 runs ready handlers in a timeout of their own: ours is queued after them.
document.addEventListener("DOMContentLoaded", function () { window.setTimeout(labelAutocompletes, 0); });
window.addEventListener("load", labelAutocompletes);

// The dropdown's search box exists only while it is open; an expanded combobox names the list it
// controls (select2 4.0 says aria-owns only).
if (window.django && window.django.jQuery) {
  window.django.jQuery(document).on("select2:open", function (event) {
    "use strict";
    const label = document.querySelector('label[for="' + event.target.id + '"]');
    const combo = event.target.nextElementSibling && event.target.nextElementSibling.querySelector(".select2-selection");
    // Both the widget and its dropdown are marked open; the list and search box are the dropdown's.
    const list = document.querySelector(".select2-container--open .select2-results__options");
    if (combo && list && list.id) combo.setAttribute("aria-controls", list.id);
    document.querySelectorAll(".select2-container--open .select2-search__field").forEach(function (el) {
      if (label) el.setAttribute("aria-label", "Search " + label.textContent.replace(/:\s*$/, "").trim());
    });
  });
}
