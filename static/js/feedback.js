// Inline feedback, progressively enhanced: each "Feedback" control beside a key point or section
// is a link to a page with the form; with this script it fetches that form (?partial=1) and opens
// it in place instead, sends it in the background and updates the count beside the part.
(function () {
  "use strict";

  if (!window.fetch || !document.querySelector("[data-feedback-toggle]")) return;
  var open = null; // { toggle, panel }
  var panels = 0;

  function say(panel, text) {
    panel.querySelector("[data-feedback-status]").textContent = text || "";
  }

  function clearErrors(form) {
    window.evnewsFormErrors.clear(form);
  }

  function showErrors(form, errors) {
    return window.evnewsFormErrors.show(form, errors, "feedback-");
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

  function fragment(html) {
    var holder = document.createElement("template");
    holder.innerHTML = html.trim();
    return holder.content;
  }

  function show(toggle, html) {
    close(false);
    var part = toggle.closest("[data-feedback-part]");
    var panel = document.createElement("div");
    panel.className = "feedback-panel";
    panel.id = "feedback-panel-" + (++panels);
    panel.appendChild(fragment(html));
    var form = panel.querySelector("[data-feedback-form]");
    form.setAttribute("aria-label", toggle.textContent.trim());
    part.insertAdjacentElement("afterend", panel);
    toggle.setAttribute("aria-expanded", "true");
    toggle.setAttribute("aria-controls", panel.id);
    open = { toggle: toggle, panel: panel };
    form.querySelector("textarea").focus();
  }

  function openFor(toggle) {
    var url = new URL(toggle.href, window.location.href);
    url.searchParams.set("partial", "1");
    toggle.setAttribute("aria-busy", "true");
    fetch(url, { credentials: "same-origin" }).then(function (response) {
      if (!response.ok) throw new Error(response.status);
      return response.text();
    }).then(function (html) {
      toggle.removeAttribute("aria-busy");
      show(toggle, html);
    }).catch(function () {
      window.location.href = toggle.href; // the page with the form works without us
    });
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
    list.prepend(fragment(html));
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
