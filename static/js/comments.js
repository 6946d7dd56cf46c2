// Comments, progressively enhanced: every control is a real form or link that works without
// this script; with it, posting, replying, voting and "View all comments" happen in place,
// through evnews.send and evnews.fetchHtml (reader-actions.js).
(() => {
  "use strict";

  const section = document.querySelector("[data-comments]");
  if (!section) return;
  const { send, fetchHtml, fragment, announce, clearErrors, showErrors, renewToken } =
    window.evnews;
  const form = section.querySelector("[data-comment-form]");
  const formHome = form && form.parentNode;
  const formNext = form && form.nextSibling;

  function say(text, ok) {
    announce(form && form.querySelector("[data-form-status]"), text, ok);
  }

  // "Remember me": a guest's name, email and website kept in this browser's storage only when
  // they tick the box, and dropped when they ask. Nothing about it reaches the server.
  const REMEMBER_KEY = "evnews.commenter";
  const REMEMBERED = ["author_name", "author_email", "author_website"];
  const remember = form && form.querySelector("[data-remember]");

  function remembered() {
    try {
      return JSON.parse(window.localStorage.getItem(REMEMBER_KEY) || "null");
    } catch (error) {
      return null;
    }
  }

  function showRemembered(saved) {
    remember.querySelector("[data-remember-box]").checked = Boolean(saved);
    remember.querySelector("[data-forget]").hidden = !saved;
  }

  function keepOrForget() {
    if (!remember) return;
    if (remember.querySelector("[data-remember-box]").checked) {
      const saved = {};
      REMEMBERED.forEach((name) => {
        const field = form.querySelector(`[name="${name}"]`);
        if (field) saved[name] = field.value;
      });
      window.localStorage.setItem(REMEMBER_KEY, JSON.stringify(saved));
      showRemembered(saved);
    } else {
      window.localStorage.removeItem(REMEMBER_KEY);
      showRemembered(null);
    }
  }

  function forget() {
    window.localStorage.removeItem(REMEMBER_KEY);
    REMEMBERED.forEach((name) => {
      const field = form.querySelector(`[name="${name}"]`);
      if (field) field.value = "";
    });
    showRemembered(null);
    say("Your name and email are forgotten on this browser.", true);
    form.querySelector('[name="author_name"]').focus();
  }

  if (remember) {
    const saved = remembered();
    if (saved) {
      REMEMBERED.forEach((name) => {
        const field = form.querySelector(`[name="${name}"]`);
        if (field && !field.value && typeof saved[name] === "string") field.value = saved[name];
      });
    }
    showRemembered(saved);
    remember.hidden = false;
    remember.querySelector("[data-forget]").addEventListener("click", forget);
  }

  function newList(container) {
    const empty = container.querySelector("[data-comments-empty]");
    if (empty) empty.remove();
    const list = document.createElement("ol");
    list.className = "comment-list";
    list.dataset.commentList = "";
    container.prepend(list);
    return list;
  }

  function listFor(parentId) {
    if (parentId) {
      const parent = document.getElementById(`comment-${parentId}`);
      let replies = parent && parent.querySelector(":scope > .comment-replies");
      if (parent && !replies) {
        replies = document.createElement("ol");
        replies.className = "comment-replies";
        parent.appendChild(replies);
      }
      return replies;
    }
    return (
      section.querySelector("[data-comment-list]") ||
      newList(section.querySelector("[data-comment-threads]"))
    );
  }

  function cancelReply() {
    form.querySelector('[name="parent"]').value = "";
    form.querySelector("[data-replying-to]").hidden = true;
    formHome.insertBefore(form, formNext);
  }

  function onPosted(answer) {
    const { html, parent, anchor } = answer.data;
    if (html) {
      const list = listFor(parent);
      if (parent) list.appendChild(fragment(html));
      else list.prepend(fragment(html));
    }
    form.querySelector('[name="body"]').value = "";
    keepOrForget();
    cancelReply();
    say(answer.message, true);
    const added = document.getElementById(anchor);
    if (added) added.scrollIntoView({ block: "nearest" });
  }

  async function submitComment(event) {
    event.preventDefault();
    clearErrors(form);
    say("Sending…");
    const answer = await send(form.action, new FormData(form));
    renewToken(form, answer);
    if (answer.ok) return onPosted(answer);
    const general = showErrors(form, answer.errors);
    say([answer.message, general].filter(Boolean).join(" "), false);
    const first = form.querySelector(".is-invalid");
    if (first) first.focus();
  }

  function startReply(link) {
    form.querySelector('[name="parent"]').value = link.dataset.commentReply;
    const note = form.querySelector("[data-replying-to]");
    note.querySelector("[data-replying-name]").textContent = link.dataset.author;
    note.hidden = false;
    link.closest(".comment-card").insertAdjacentElement("afterend", form);
    form.querySelector('[name="body"]').focus();
  }

  // The result of a vote or a report, said and focused: a keyboard or screen-reader user hears
  // it, and continues from the comment they acted on.
  function result(region, answer) {
    announce(region, answer.message, answer.ok);
    window.setTimeout(() => region.focus(), 60);
  }

  async function vote(voteForm, button) {
    const body = new FormData(voteForm);
    body.set("value", button.value);
    const answer = await send(voteForm.action, body);
    if (answer.ok) {
      voteForm.querySelector("[data-comment-score]").textContent = answer.data.score;
      voteForm.querySelectorAll("button").forEach((other) => {
        other.setAttribute("aria-pressed", String(other === button));
      });
    }
    result(voteForm.querySelector("[data-comment-vote-status]"), answer);
  }

  async function report(reportForm) {
    const button = reportForm.querySelector("button");
    button.disabled = true;
    const answer = await send(reportForm.action, new FormData(reportForm));
    result(reportForm.querySelector("[data-comment-report-status]"), answer);
    button.disabled = answer.ok;
  }

  async function loadMore(link) {
    const url = new URL(link.href, window.location.href);
    url.searchParams.set("partial", "1");
    url.hash = "";
    link.setAttribute("aria-busy", "true");
    let content;
    try {
      content = await fetchHtml(url);
    } catch (error) {
      window.location.href = link.href; // the page of comments works without us
      return;
    }
    const items = content.querySelectorAll("[data-comment-list] > li");
    const list = listFor(null);
    items.forEach((item) => list.appendChild(item));
    const next = content.querySelector("[data-comments-more-wrap]");
    const wrap = link.closest("[data-comments-more-wrap]");
    if (next) wrap.replaceWith(next);
    else wrap.remove();
    if (items[0]) {
      items[0].setAttribute("tabindex", "-1");
      items[0].focus();
    }
  }

  section.addEventListener("click", (event) => {
    const reply = event.target.closest("[data-comment-reply]");
    const cancel = event.target.closest("[data-cancel-reply]");
    const more = event.target.closest("[data-comments-more]");
    if (reply && form) {
      event.preventDefault();
      startReply(reply);
    } else if (cancel && form) {
      event.preventDefault();
      cancelReply();
    } else if (more) {
      event.preventDefault();
      loadMore(more);
    }
  });

  section.addEventListener("submit", (event) => {
    if (event.target === form) {
      submitComment(event);
    } else if (event.target.matches("[data-comment-vote]")) {
      event.preventDefault();
      vote(event.target, event.submitter || event.target.querySelector("button"));
    } else if (event.target.matches("[data-comment-report]")) {
      event.preventDefault();
      report(event.target);
    }
  });
})();
