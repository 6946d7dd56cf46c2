// Progressive enhancement for the "Article Rating" section (templates/articles/_rating.html).
// Without this script the form POSTs and the page reloads at #rating; with it the same form is
// sent through evnews.send (reader-actions.js) and the figures change in place, announced through
// the status region. The answer's `data` is documented in articles/ratings/views.py.
(() => {
  "use strict";

  const plural = (n) => (n === 1 ? "1 star" : `${n} stars`);

  function show(section, data) {
    const average = data.average === null ? null : data.average.toFixed(1);
    section.querySelector("[data-rating-average]").textContent = average || "–";
    const stars = section.querySelector("[data-rating-stars]");
    stars.style.setProperty("--rating-fill", average ? `${(data.average / 5) * 100}%` : "0%");
    stars.setAttribute("aria-label", average ? `Rated ${average} out of 5` : "Not rated yet");
    section.querySelector("[data-rating-count]").textContent = data.count_label;
    section.querySelector("[data-rating-yours]").textContent =
      `Your vote: ${plural(data.your_vote)}. Change your vote by choosing again.`;
    section.querySelector("[data-rating-submit]").textContent = "Change your vote";
    Object.entries(data.breakdown).forEach(([n, votes]) => {
      const share = data.count ? Math.round((100 * votes) / data.count) : 0;
      section.querySelector(`[data-rating-votes="${n}"]`).textContent = votes;
      section.querySelector(`[data-rating-share="${n}"]`).textContent = `${share}%`;
      section.querySelector(`[data-rating-bar="${n}"]`).style.width = `${share}%`;
    });
  }

  function enhance(section) {
    const form = section.querySelector("[data-rating-form]");
    if (!form) return;
    const button = form.querySelector("[data-rating-submit]");
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      button.disabled = true;
      section.setAttribute("aria-busy", "true");
      const answer = await window.evnews.send(form.action, new FormData(form));
      if (answer.ok) show(section, answer.data);
      window.evnews.announce(section.querySelector("[data-rating-status]"), answer.message, answer.ok);
      button.disabled = false;
      section.removeAttribute("aria-busy");
    });
  }

  document.querySelectorAll("[data-rating]").forEach(enhance);
})();
