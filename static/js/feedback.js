// Inline feedback, progressively enhanced: each "Feedback" control beside a key point or section
// is a link to a page with the form; with this script it fetches that form (?partial=1) and opens
// it in place instead, sends it through evnews.send (reader-actions.js) and updates the count
// beside the part.
(() => {
  "use strict";

  if (!document.querySelector("[data-feedback-toggle]")) return;
  const { send, fetchHtml, clearErrors, showErrors, renewToken } = window.evnews;
  let open = null; // { toggle, panel }
  let panels = 0;

  function say(panel, text, ok) {
    window.evnews.announce(panel.querySelector("[data-feedback-status]"), text, ok);
  }

  function close(returnFocus) {
    if (!open) return;
    const { toggle } = open;
    open.panel.remove();
    toggle.setAttribute("aria-expanded", "false");
    toggle.removeAttribute("aria-controls");
    open = null;
    if (returnFocus) toggle.focus();
  }

  function show(toggle, content) {
    close(false);
    const part = toggle.closest("[data-feedback-part]");
    const panel = document.createElement("div");
    panel.className = "feedback-panel";
    panels += 1;
    panel.id = `feedback-panel-${panels}`;
    panel.appendChild(content);
    const form = panel.querySelector("[data-feedback-form]");
    form.setAttribute("aria-label", toggle.textContent.trim());
    part.insertAdjacentElement("afterend", panel);
    toggle.setAttribute("aria-expanded", "true");
    toggle.setAttribute("aria-controls", panel.id);
    open = { toggle, panel };
    form.querySelector("textarea").focus();
  }

  async function openFor(toggle) {
    const url = new URL(toggle.href, window.location.href);
    url.searchParams.set("partial", "1");
    // The minimum-time check counts from when the reader opened the page, not this form: the
    // server starts the feedback form's clock from the page's comment-form token.
    const pageToken = document.querySelector('#comment-form [name="started"]');
    if (pageToken && pageToken.value) url.searchParams.set("since", pageToken.value);
    toggle.setAttribute("aria-busy", "true");
    let content;
    try {
      content = await fetchHtml(url);
    } catch (error) {
      window.location.href = toggle.href; // the page with the form works without us
      return;
    }
    toggle.removeAttribute("aria-busy");
    show(toggle, content);
  }

  function updateCount(part, data) {
    const count = part.querySelector("[data-feedback-count]");
    if (!count || !data.count) return;
    count.querySelector("[data-feedback-count-text]").textContent = data.count_label;
    count.hidden = false;
  }

  function addToThread(html) {
    let list = document.querySelector("[data-comment-list]");
    if (!list) {
      const threads = document.querySelector("[data-comment-threads]");
      if (!threads) return;
      const empty = threads.querySelector("[data-comments-empty]");
      if (empty) empty.remove();
      list = document.createElement("ol");
      list.className = "comment-list";
      list.dataset.commentList = "";
      threads.prepend(list);
    }
    list.prepend(window.evnews.fragment(html));
  }

  async function submit(form) {
    const panel = form.closest(".feedback-panel");
    const part = open.toggle.closest("[data-feedback-part]");
    clearErrors(form);
    say(panel, "Sending…");
    const answer = await send(form.action, new FormData(form));
    renewToken(form, answer);
    if (!answer.ok) {
      const general = showErrors(form, answer.errors, "feedback-");
      say(panel, [answer.message, general].filter(Boolean).join(" "), false);
      const first = form.querySelector(".is-invalid");
      if (first) first.focus();
      return;
    }
    updateCount(part, answer.data);
    if (answer.data.html) addToThread(answer.data.html);
    form.querySelector("textarea").value = "";
    const flag = form.querySelector('[name="feedback-is_error_report"]');
    if (flag) flag.checked = false;
    say(panel, answer.message, true);
  }

  document.querySelectorAll("[data-feedback-toggle]").forEach((toggle) => {
    toggle.setAttribute("role", "button");
    toggle.setAttribute("aria-expanded", "false");
  });

  document.addEventListener("click", (event) => {
    const toggle = event.target.closest("[data-feedback-toggle]");
    if (toggle) {
      event.preventDefault();
      if (open && open.toggle === toggle) close(true);
      else openFor(toggle);
    } else if (event.target.closest("[data-feedback-cancel]")) {
      close(true);
    }
  });

  document.addEventListener("keydown", (event) => {
    const toggle = event.target.closest && event.target.closest("[data-feedback-toggle]");
    if (toggle && event.key === " ") {
      // a link acting as a button answers Space too
      event.preventDefault();
      toggle.click();
    } else if (event.key === "Escape" && open && open.panel.contains(event.target)) {
      close(true);
    }
  });

  document.addEventListener("submit", (event) => {
    if (!event.target.matches("[data-feedback-form]")) return;
    event.preventDefault();
    submit(event.target);
  });
})();
