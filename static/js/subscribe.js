// Progressive enhancement for the "Notify of" email-only form: submit in place and show the
// answer in the form's live region. Without JavaScript the form posts and the page redirects back.
(function () {
  "use strict";

  function showErrors(form, errors) {
    form.querySelectorAll("[data-js-error]").forEach((node) => node.remove());
    form.querySelectorAll("[aria-invalid]").forEach((field) => field.removeAttribute("aria-invalid"));
    Object.entries(errors || {}).forEach(([name, messages]) => {
      const field = form.querySelector(`[name="${name}"]`);
      if (!field) return;
      const note = document.createElement("div");
      note.className = "invalid-feedback d-block";
      note.dataset.jsError = "";
      note.textContent = messages.join(" ");
      field.setAttribute("aria-invalid", "true");
      field.closest(".mb-3, fieldset, div").append(note);
    });
  }

  async function submit(event) {
    const form = event.currentTarget;
    event.preventDefault();
    const status = form.querySelector("[data-subscribe-status]");
    const button = form.querySelector("button[type=submit]");
    button.disabled = true;
    try {
      const response = await fetch(form.action, {
        method: "POST",
        body: new FormData(form),
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      });
      const data = await response.json();
      status.textContent = data.message;
      status.className = `subscribe-status alert ${data.ok ? "alert-success" : "alert-danger"}`;
      showErrors(form, data.errors);
      if (data.ok) form.reset();
    } catch (error) {
      status.textContent = "We could not reach the site. Please try again.";
      status.className = "subscribe-status alert alert-danger";
    } finally {
      button.disabled = false;
    }
  }

  document.querySelectorAll("form[data-subscribe-form]").forEach((form) => {
    form.addEventListener("submit", submit);
  });
})();
