// Accessible names the stock admin widgets leave out, on the article add and change forms:
// - tabular inline cells (key points, pros/cons) have a column header but no <label>: each
//   field is named "<column> <row number>" from its header;
// - select2 (autocomplete fields) names its combobox after the chosen value only, which is empty
//   until something is chosen, and its search box not at all: both take the field's label;
// - SelectFilter2's search icon carries an aria-label on a role-less <span>: it becomes an image.
(() => {
  "use strict";

  const named = (field) =>
    field.labels?.length || field.hasAttribute("aria-label") || field.hasAttribute("aria-labelledby");

  function labelTabularInlines(root) {
    root.querySelectorAll(".tabular table").forEach((table) => {
      const headers = [...table.querySelectorAll("thead th")].map((th) => th.textContent.trim());
      table.querySelectorAll("tbody tr.form-row").forEach((row, index) => {
        [...row.cells].forEach((cell, column) => {
          const header = headers[column];
          if (!header) return;
          cell.querySelectorAll("input:not([type=hidden]), select, textarea").forEach((field) => {
            if (!named(field)) field.setAttribute("aria-label", `${header} ${index + 1}`);
          });
        });
      });
    });
  }

  function labelText(select) {
    const label = select.id && document.querySelector(`label[for="${select.id}"]`);
    return label ? label.textContent.replace(/:\s*$/, "").trim() : select.name;
  }

  function labelSelect2(root) {
    root.querySelectorAll("select.admin-autocomplete").forEach((select) => {
      const name = labelText(select);
      const box = select.nextElementSibling;
      if (!box || !box.classList.contains("select2")) return;
      box.querySelectorAll(".select2-selection").forEach((combo) => {
        const shown = combo.querySelector(".select2-selection__rendered");
        const label = document.querySelector(`label[for="${select.id}"]`);
        if (label && shown && shown.id) {
          label.id = label.id || `${select.id}-label`;
          combo.setAttribute("aria-labelledby", `${label.id} ${shown.id}`);
          // select2 gives the chosen value role=textbox: it is named by the field's label too.
          shown.setAttribute("aria-labelledby", label.id);
        } else {
          combo.setAttribute("aria-label", name);
        }
      });
      box.querySelectorAll(".select2-search__field").forEach((search) => {
        search.setAttribute("aria-label", `Search ${name}`);
      });
    });
  }

  function labelFilterIcons(root) {
    root.querySelectorAll(".search-label-icon[aria-label]").forEach((icon) => {
      icon.setAttribute("role", "img");
    });
  }

  function labelAll() {
    labelTabularInlines(document);
    labelSelect2(document);
    labelFilterIcons(document);
  }

  // The widgets draw themselves on DOMContentLoaded (select2) and load (SelectFilter2).
  window.addEventListener("load", () => window.setTimeout(labelAll, 0));
  document.addEventListener("formset:added", () => window.setTimeout(labelAll, 0));
  if (window.django && window.django.jQuery) {
    // The dropdown's search box exists only while it is open.
    window.django.jQuery(document).on("select2:open", (event) => {
      const name = labelText(event.target);
      // An expanded combobox names the list it controls (select2 4.0 says aria-owns only).
      const combo = event.target.nextElementSibling?.querySelector(".select2-selection");
      const list = document.querySelector(".select2-container--open .select2-results__options");
      if (combo && list && list.id) combo.setAttribute("aria-controls", list.id);
      document.querySelectorAll(".select2-container--open .select2-search__field").forEach((s) => {
        s.setAttribute("aria-label", `Search ${name}`);
      });
    });
  }
})();
