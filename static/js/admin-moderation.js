// One-click moderation in the queue: each row's Approve / Spam / Remove / Ban button posts to its
// comment's moderate URL. Without JavaScript that is a plain form post and a reload; with it, the
// same POST (same CSRF token) is sent with fetch, and the row and pending counts update in place.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    const form = document.getElementById("changelist-form");
    if (!form) return;
    const status = document.createElement("p");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    form.prepend(status);
    form.addEventListener("submit", function (event) {
      const button = event.submitter;
      if (!button || !button.classList.contains("moderate-button")) return;
      event.preventDefault();
      const body = new FormData();
      body.append("csrfmiddlewaretoken", form.querySelector("[name=csrfmiddlewaretoken]").value);
      body.append("do", button.value);
      const box = button.closest(".moderate-buttons");
      box.querySelectorAll("button").forEach(function (b) { b.disabled = true; });
      fetch(button.formAction, {
        method: "POST", body: body, credentials: "same-origin",
        headers: { Accept: "application/json" },
      }).then(function (response) {
        return response.json();
      }).then(function (answer) {
        if (!answer.ok) throw new Error(answer.message);
        const row = button.closest("tr");
        row.classList.add("is-moderated");
        const cell = row.querySelector(".field-status");
        if (cell) cell.textContent = answer.status_label;
        box.replaceChildren();
        const done = document.createElement("span");
        done.className = "moderation-done";
        done.textContent = answer.status_label;
        box.append(done);
        status.textContent = answer.message;
        document.querySelectorAll("[data-pending-count]").forEach(function (badge) {
          badge.textContent = answer.pending;
        });
      }).catch(function (error) {
        box.querySelectorAll("button").forEach(function (b) { b.disabled = false; });
        status.textContent = "Not done: " + error.message;
      });
    });
  });
})();
