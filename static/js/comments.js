// Comments, progressively enhanced: every control is a real form or link that works without
// this script; with it, posting, replying, voting and "View all comments" happen in place.
(function () {
  "use strict";

  var section = document.querySelector("[data-comments]");
  if (!section || !window.fetch) return;
  var form = section.querySelector("[data-comment-form]");
  var formHome = form && form.parentNode;
  var formNext = form && form.nextSibling;

  function post(url, body) {
    return fetch(url, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    }).then(function (response) {
      return response.json().then(function (data) {
        data.httpStatus = response.status;
        return data;
      }, function () {
        return { ok: false, message: "Something went wrong; please try again.", httpStatus: response.status };
      });
    });
  }

  function fragment(html) {
    var template = document.createElement("template");
    template.innerHTML = html.trim();
    return template.content;
  }

  function say(text) {
    var status = form && form.querySelector("[data-form-status]");
    if (status) status.textContent = text || "";
  }

  function clearErrors() {
    window.evnewsFormErrors.clear(form);
  }

  function showErrors(errors) {
    return window.evnewsFormErrors.show(form, errors);
  }

  function listFor(parentId) {
    if (parentId) {
      var parent = document.getElementById("comment-" + parentId);
      var replies = parent && parent.querySelector(":scope > .comment-replies");
      if (parent && !replies) {
        replies = document.createElement("ol");
        replies.className = "comment-replies";
        parent.appendChild(replies);
      }
      return replies;
    }
    var list = section.querySelector("[data-comment-list]");
    if (!list) {
      var empty = section.querySelector("[data-comments-empty]");
      if (empty) empty.remove();
      list = document.createElement("ol");
      list.className = "comment-list";
      list.setAttribute("data-comment-list", "");
      section.querySelector("[data-comment-threads]").prepend(list);
    }
    return list;
  }

  function cancelReply() {
    form.querySelector('[name="parent"]').value = "";
    form.querySelector("[data-replying-to]").hidden = true;
    formHome.insertBefore(form, formNext);
  }

  function onPosted(data) {
    if (data.html) {
      var node = fragment(data.html);
      var list = listFor(data.parent);
      if (data.parent) list.appendChild(node); else list.prepend(node);
    }
    form.querySelector('[name="body"]').value = "";
    cancelReply();
    say(data.message);
    var added = document.getElementById(data.anchor);
    if (added) added.scrollIntoView({ block: "nearest" });
  }

  function submitComment(event) {
    event.preventDefault();
    clearErrors();
    say("Sending…");
    post(form.action, new FormData(form)).then(function (data) {
      if (data.ok) return onPosted(data);
      var general = showErrors(data.errors);
      say([data.message, general].filter(Boolean).join(" "));
      if (data.errors && data.errors.__all__ === undefined) {
        var first = form.querySelector(".is-invalid");
        if (first) first.focus();
      }
    }, function () { say("The network failed; your comment is still here, please try again."); });
  }

  function startReply(link) {
    form.querySelector('[name="parent"]').value = link.getAttribute("data-comment-reply");
    var note = form.querySelector("[data-replying-to]");
    note.querySelector("[data-replying-name]").textContent = link.getAttribute("data-author");
    note.hidden = false;
    link.closest(".comment-card").insertAdjacentElement("afterend", form);
    form.querySelector('[name="body"]').focus();
  }

  function vote(voteForm, button) {
    var body = new FormData(voteForm);
    body.set("value", button.value);
    post(voteForm.action, body).then(function (data) {
      var score = voteForm.querySelector("[data-comment-score]");
      if (data.ok) {
        score.textContent = data.score;
        voteForm.querySelectorAll("button").forEach(function (b) {
          b.setAttribute("aria-pressed", String(b === button));
        });
      }
      voteForm.setAttribute("title", data.ok ? "Thank you for your vote." : data.message);
      score.setAttribute("aria-label", "Score " + score.textContent + (data.ok ? "" : ". " + data.message));
    });
  }

  function loadMore(link) {
    var url = new URL(link.href, window.location.href);
    url.searchParams.set("partial", "1");
    url.hash = "";
    link.setAttribute("aria-busy", "true");
    fetch(url, { credentials: "same-origin" }).then(function (response) {
      if (!response.ok) throw new Error(response.status);
      return response.text();
    }).then(function (html) {
      var content = fragment(html);
      var items = content.querySelectorAll("[data-comment-list] > li");
      var list = listFor(null);
      var first = items[0];
      items.forEach(function (item) { list.appendChild(item); });
      var next = content.querySelector("[data-comments-more-wrap]");
      var wrap = link.closest("[data-comments-more-wrap]");
      if (next) wrap.replaceWith(next); else wrap.remove();
      if (first) {
        first.setAttribute("tabindex", "-1");
        first.focus();
      }
    }).catch(function () {
      link.removeAttribute("aria-busy");
      window.location.href = link.href;
    });
  }

  section.addEventListener("click", function (event) {
    var reply = event.target.closest("[data-comment-reply]");
    var cancel = event.target.closest("[data-cancel-reply]");
    var more = event.target.closest("[data-comments-more]");
    if (reply && form) { event.preventDefault(); startReply(reply); }
    else if (cancel && form) { event.preventDefault(); cancelReply(); }
    else if (more) { event.preventDefault(); loadMore(more); }
  });

  section.addEventListener("submit", function (event) {
    if (event.target === form) return submitComment(event);
    if (event.target.matches("[data-comment-vote]")) {
      event.preventDefault();
      vote(event.target, event.submitter || event.target.querySelector("button"));
    }
  });
})();
