// Progressive enhancement for the "Notify of" email-only form: submit in place through
// evnews.send (reader-actions.js) and show the answer in the form's live region. Without
// JavaScript the form posts and the page redirects back.
(() => {
  "use strict";

  async function submit(event) {
    const form = event.currentTarget;
    event.preventDefault();
    const status = form.querySelector("[data-subscribe-status]");
    const button = form.querySelector("button[type=submit]");
    button.disabled = true;
    window.evnews.clearErrors(form);
    const answer = await window.evnews.send(form.action, new FormData(form));
    status.textContent = answer.message;
    status.className = `subscribe-status alert ${answer.ok ? "alert-success" : "alert-danger"}`;
    window.evnews.showErrors(form, answer.errors);
    if (answer.ok) form.reset();
    button.disabled = false;
  }

  document.querySelectorAll("form[data-subscribe-form]").forEach((form) => {
    form.addEventListener("submit", submit);
  });
})();
