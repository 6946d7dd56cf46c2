// The browser side of articles/web.py: one way to send a reader action and read its answer,
// shared by rating.js, comments.js, feedback.js and subscribe.js. Every form these scripts
// enhance works without them; with them, the same form is sent in the background.
//
// evnews.send(url, body) resolves to the server's envelope
//   {ok, message, data, errors, status}
// whatever happened: an answer that is not the envelope (a proxy's error page, Django's CSRF
// page) and a network failure both become {ok: false, message: "…"} with words a reader can act on.
(() => {
  "use strict";

  const UNREADABLE = "Something went wrong; nothing was saved. Please try again.";
  const OFFLINE = "We could not reach the site. Check your connection and try again.";

  async function send(url, body) {
    let response;
    try {
      response = await fetch(url, {
        method: "POST",
        body,
        credentials: "same-origin",
        headers: { Accept: "application/json" },
      });
    } catch (error) {
      return { ok: false, message: OFFLINE, data: {}, errors: {}, status: 0 };
    }
    try {
      const envelope = await response.json();
      return { data: {}, errors: {}, ...envelope, status: response.status };
    } catch (error) {
      return { ok: false, message: UNREADABLE, data: {}, errors: {}, status: response.status };
    }
  }

  // A server-rendered fragment (a comment, a form, a page of threads).
  async function fetchHtml(url) {
    const response = await fetch(url, { credentials: "same-origin" });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    return fragment(await response.text());
  }

  function fragment(html) {
    const template = document.createElement("template");
    template.innerHTML = html.trim();
    return template.content;
  }

  // Says `message` in a live region; emptied first so the same words said twice are announced
  // twice. `ok` picks the look: a confirmation (true), an error (false) or neither (a progress
  // note such as "Sending…").
  function announce(region, message, ok) {
    if (!region) return;
    region.textContent = "";
    region.classList.toggle("is-error", ok === false);
    region.classList.toggle("is-success", ok === true);
    window.setTimeout(() => {
      region.textContent = message || "";
    }, 50);
  }

  // Field errors shown the way the server's own form page shows them: beside the field, marked
  // invalid and described by the message.
  function clearErrors(form) {
    form.querySelectorAll(".is-invalid").forEach((field) => {
      field.classList.remove("is-invalid");
      field.removeAttribute("aria-invalid");
    });
    form.querySelectorAll("[data-js-error]").forEach((node) => node.remove());
  }

  // Returns the messages that belong to no visible field (hidden fields, the honeypot), joined.
  function showErrors(form, errors, prefix = "") {
    const general = [];
    Object.entries(errors || {}).forEach(([name, messages]) => {
      const field = form.querySelector(`[name="${prefix}${name}"]`);
      if (!field || field.type === "hidden" || name === "homepage_url") {
        general.push(...messages);
        return;
      }
      const note = document.createElement("div");
      note.className = "invalid-feedback d-block";
      note.id = `${field.id || prefix + name}-js-error`;
      note.dataset.jsError = "";
      note.textContent = messages.join(" ");
      field.classList.add("is-invalid");
      field.setAttribute("aria-invalid", "true");
      field.setAttribute("aria-describedby", note.id);
      (field.closest(".form-check") || field).insertAdjacentElement("afterend", note);
    });
    return general.join(" ");
  }

  // A comment form's anti-bot token is good for one comment: every answer about one carries the
  // next token (data.started), so the same form can send again, a reply or a correction.
  // A comment form's token is single-use (articles/comments/forms.py): every answer carries the
  // reader's next one, and every form on the page takes it, since inline feedback starts from
  // the page's comment form token (its clock counts from when the page opened).
  function renewToken(form, answer) {
    const token = answer.data && answer.data.started;
    if (!token) return;
    document.querySelectorAll('input[name$="started"]').forEach((input) => {
      input.value = token;
    });
  }

  window.evnews = { send, fetchHtml, fragment, announce, clearErrors, showErrors, renewToken };
})();
