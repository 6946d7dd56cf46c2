// Pages shared through the cache (articles/caching.py) carry no CSRF token and a comment form's
// clock that started when the page was cached. Ask /reader/state/ for this reader's own and put
// them into every form that posts here. Without JavaScript the forms work all the same: the
// browser's Origin and Sec-Fetch-Site headers vouch for them (evnews/csrf.py).
(function () {
  "use strict";

  var forms = document.querySelectorAll('form[method="post"]');
  if (!document.body.hasAttribute("data-shared-page") || !forms.length) {
    return;
  }

  function fill(form, name, value) {
    var inputs = form.querySelectorAll('input[name="' + name + '"], input[name$="-' + name + '"]');
    if (!inputs.length && name === "csrfmiddlewaretoken") {
      var input = document.createElement("input");
      input.type = "hidden";
      input.name = name;
      form.prepend(input);
      inputs = [input];
    }
    Array.prototype.forEach.call(inputs, function (input) {
      input.value = value;
    });
  }

  fetch(document.body.getAttribute("data-reader-state"), {
    credentials: "same-origin",
    headers: { Accept: "application/json" },
  })
    .then(function (response) {
      return response.ok ? response.json() : Promise.reject(response.status);
    })
    .then(function (state) {
      // Forms added later (a reply form, the comments loaded in place) take the token from here.
      document.body.setAttribute("data-csrf-token", state.csrf_token);
      Array.prototype.forEach.call(document.querySelectorAll('form[method="post"]'), function (form) {
        fill(form, "csrfmiddlewaretoken", state.csrf_token);
        fill(form, "started", state.started);
      });
    })
    .catch(function () {
      // The forms still work through the browser's own headers; nothing to tell the reader.
    });
})();
