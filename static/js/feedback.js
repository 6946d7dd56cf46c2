// Inline feedback, progressively enhanced: each "Feedback" control beside a key point or section
// is a link to a page with the form; with this script it opens the form in place instead, sends
// it in the background and updates the count beside the part.
(function () {
  "use strict";

  var template = document.querySelector("[data-feedback-template]");
  if (!template || !window.fetch || !("content" in template)) return;
  var open = null; // { toggle, panel }
  var panels = 0;

  function say(panel, text) {
    panel.querySelector("[data-feedback-status]").textContent = text || "";
  }

  function clearErrors(form) {
    form.querySelectorAll(".is-invalid").forEach(function (field) {
      field.classList.remove("is-invalid");
      field.removeAttribute("aria-invalid");
    });
    form.querySelectorAll("[data-js-error]").forEach(function (node) { node.remove(); });
  }

  function showErrors(form, errors) {
    var general = [];
    Object.keys(errors || {}).forEach(function (name) {
      var field = form.querySelector('[name="feedback-' + name + '"]');
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

  function close(returnFocus) {
    if (!open) return;
    var toggle = open.toggle;
    open.panel.remove();
    toggle.setAttribute("aria-expanded", "false");
    toggle.removeAttribute("aria-controls");
    open = null;
    if (returnFocus) toggle.focus();
  }

  function openFor(toggle) {
    close(false);
    var part = toggle.closest("[data-feedback-part]");
    var panel = document.createElement("div");
    panel.className = "feedback-panel";
    panel.id = "feedback-panel-" + (++panels);
    panel.appendChild(template.content.cloneNode(true));
    var form = panel.querySelector("[data-feedback-form]");
    form.action = toggle.href;
    form.setAttribute("aria-label", toggle.textContent.trim());
    if (part.getAttribute("data-feedback-kind") !== "key_point") {
      var flag = form.querySelector("[data-feedback-error-flag]");
      if (flag) flag.remove();
    }
    part.insertAdjacentElement("afterend", panel);
    toggle.setAttribute("aria-expanded", "true");
    toggle.setAttribute("aria-controls", panel.id);
    open = { toggle: toggle, panel: panel };
    form.querySelector("textarea").focus();
  }

  function updateCount(part, data) {
    var count = part.querySelector("[data-feedback-count]");
    if (!count || !data.count) return;
    count.querySelector("[data-feedback-count-text]").textContent = data.count_label;
    count.hidden = false;
  }

  function addToThread(html) {
    var list = document.querySelector("[data-comment-list]");
    if (!list) {
      var threads = document.querySelector("[data-comment-threads]");
      if (!threads) return;
      var empty = threads.querySelector("[data-comments-empty]");
      if (empty) empty.remove();
      list = document.createElement("ol");
      list.className = "comment-list";
      list.setAttribute("data-comment-list", "");
      threads.prepend(list);
    }
    var holder = document.createElement("template");
    holder.innerHTML = html.trim();
    list.prepend(holder.content);
  }

  function send(form) {
    var panel = form.closest(".feedback-panel");
    var part = open.toggle.closest("[data-feedback-part]");
    clearErrors(form);
    say(panel, "Sending…");
    fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    }).then(function (response) {
      return response.json().catch(function () {
        return { ok: false, message: "Something went wrong; please try again." };
      });
    }).then(function (data) {
      if (!data.ok) {
        say(panel, [data.message, showErrors(form, data.errors)].filter(Boolean).join(" "));
        var first = form.querySelector(".is-invalid");
        if (first) first.focus();
        return;
      }
      updateCount(part, data);
      if (data.html) addToThread(data.html);
      form.querySelector("textarea").value = "";
      var flag = form.querySelector('[name="feedback-is_error_report"]');
      if (flag) flag.checked = false;
      say(panel, data.message);
    }, function () {
      say(panel, "The network failed; your feedback is still here, please try again.");
    });
  }

  document.querySelectorAll("[data-feedback-toggle]").forEach(function (toggle) {
    toggle.setAttribute("role", "button");
    toggle.setAttribute("aria-expanded", "false");
  });

  document.addEventListener("click", function (event) {
    var toggle = event.target.closest("[data-feedback-toggle]");
    if (toggle) {
      event.preventDefault();
      if (open && open.toggle === toggle) close(true); else openFor(toggle);
    } else if (event.target.closest("[data-feedback-cancel]")) {
      close(true);
    }
  });

  document.addEventListener("keydown", function (event) {
    var toggle = event.target.closest && event.target.closest("[data-feedback-toggle]");
    if (toggle && event.key === " ") { // a link acting as a button answers Space too
      event.preventDefault();
      toggle.click();
    } else if (event.key === "Escape" && open && open.panel.contains(event.target)) {
      close(true);
    }
  });

  document.addEventListener("submit", function (event) {
    if (!event.target.matches("[data-feedback-form]")) return;
    event.preventDefault();
    send(event.target);
  });
})();
