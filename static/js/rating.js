// Progressive enhancement for the "Article Rating" section (templates/articles/_rating.html).
// Without this script the form POSTs and the page reloads at #rating; with it the same form is
// sent in the background and the figures change in place, announced through the status region.
// The JSON answer is documented in articles/views/ratings.py.
(function () {
  "use strict";

  function plural(n) {
    return n === 1 ? "1 star" : n + " stars";
  }

  function show(section, data) {
    var average = data.average === null ? null : data.average.toFixed(1);
    section.querySelector("[data-rating-average]").textContent = average || "–";
    var stars = section.querySelector("[data-rating-stars]");
    stars.style.setProperty("--rating-fill", average ? (data.average / 5) * 100 + "%" : "0%");
    stars.setAttribute("aria-label", average ? "Rated " + average + " out of 5" : "Not rated yet");
    section.querySelector("[data-rating-count]").textContent = data.count_label;
    section.querySelector("[data-rating-yours]").textContent =
      "Your vote: " + plural(data.your_vote) + ". Change your vote by choosing again.";
    section.querySelector("[data-rating-submit]").textContent = "Change your vote";
    Object.keys(data.breakdown).forEach(function (n) {
      var votes = data.breakdown[n];
      var share = data.count ? Math.round((100 * votes) / data.count) : 0;
      section.querySelector('[data-rating-votes="' + n + '"]').textContent = votes;
      section.querySelector('[data-rating-share="' + n + '"]').textContent = share + "%";
      section.querySelector('[data-rating-bar="' + n + '"]').style.width = share + "%";
    });
  }

  function announce(section, message) {
    var status = section.querySelector("[data-rating-status]");
    // Emptied first so that the same words said twice are announced twice.
    status.textContent = "";
    window.setTimeout(function () {
      status.textContent = message;
    }, 50);
  }

  function enhance(section) {
    var form = section.querySelector("[data-rating-form]");
    if (!form) {
      return;
    }
    var button = form.querySelector("[data-rating-submit]");
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      button.disabled = true;
      section.setAttribute("aria-busy", "true");
      fetch(form.action, {
        method: "POST",
        body: new FormData(form),
        credentials: "same-origin",
        headers: { Accept: "application/json", "X-Requested-With": "XMLHttpRequest" },
      })
        .then(function (response) {
          return response.json().then(
            function (data) {
              return { ok: response.ok, data: data };
            },
            function () {
              return { ok: false, data: {} };
            }
          );
        })
        .then(function (result) {
          if (result.ok) {
            show(section, result.data);
          }
          announce(
            section,
            result.data.message || result.data.error || "Your vote was not saved. Please try again."
          );
        })
        .catch(function () {
          announce(section, "Your vote could not be sent. Check your connection and try again.");
        })
        .finally(function () {
          button.disabled = false;
          section.removeAttribute("aria-busy");
        });
    });
  }

  document.querySelectorAll("[data-rating]").forEach(enhance);
})();
