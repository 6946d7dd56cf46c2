// Field errors from a JSON answer, shown the way the server's own form page shows them: beside the
// field, marked invalid and described by the message. Shared by comments.js and feedback.js.
(function () {
  "use strict";

  function clear(form) {
    form.querySelectorAll(".is-invalid").forEach(function (field) {
      field.classList.remove("is-invalid");
      field.removeAttribute("aria-invalid");
    });
    form.querySelectorAll("[data-js-error]").forEach(function (node) { node.remove(); });
  }

  // Returns the messages that belong to no visible field (hidden fields, the honeypot), joined.
  function show(form, errors, prefix) {
    var general = [];
    Object.keys(errors || {}).forEach(function (name) {
      var field = form.querySelector('[name="' + (prefix || "") + name + '"]');
      if (!field || field.type === "hidden" || name === "homepage_url") {
        general = general.concat(errors[name]);
        return;
      }
      var note = document.createElement("div");
      note.className = "invalid-feedback d-block";
      note.id = field.id + "-js-error";
      note.setAttribute("data-js-error", "");
      note.textContent = errors[name].join(" ");
      field.classList.add("is-invalid");
      field.setAttribute("aria-invalid", "true");
      field.setAttribute("aria-describedby", note.id);
      (field.closest(".form-check") || field).insertAdjacentElement("afterend", note);
    });
    return general.join(" ");
  }

  window.evnewsFormErrors = { clear: clear, show: show };
})();
