// Progressive enhancement for the "Article Rating" section (templates/articles/_rating.html).
// Without this script the reader picks stars and presses the button; the form POSTs and the page
// reloads at #rating. With it, rating is one action, as on wpDiscuz: choosing a star sends the
// vote (a click or tap on a star; from the keyboard, arrows move and Enter or Space votes, so
// browsing the stars does not cast five votes), through evnews.send (reader-actions.js), and the
// figures change in place, announced through the status region. The answer's `data` is
// documented in articles/ratings/views.py.
(() => {
  "use strict";

  const plural = (n) => (n === 1 ? "1 star" : `${n} stars`);

  function show(section, data) {
    const average = data.average === null ? null : data.average.toFixed(1);
    section.querySelector("[data-rating-average]").textContent = average || "";
    const stars = section.querySelector("[data-rating-stars]");
    stars.style.setProperty("--rating-fill", average ? `${(data.average / 5) * 100}%` : "0%");
    stars.setAttribute("aria-label", average ? `Rated ${average} out of 5` : "Not rated yet");
    section.querySelector("[data-rating-count]").textContent = data.count_label;
    section.querySelector("[data-rating-yours]").textContent =
      `Your vote: ${plural(data.your_vote)}. Change your vote by choosing again.`;
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
    button.hidden = true; // choosing a star is the vote
    let sending = false;
    let pointer = false;
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      if (sending || !form.querySelector("input:checked")) return;
      sending = true;
      section.setAttribute("aria-busy", "true");
      const answer = await window.evnews.send(form.action, new FormData(form));
      if (answer.ok) show(section, answer.data);
      window.evnews.announce(section.querySelector("[data-rating-status]"), answer.message, answer.ok);
      sending = false;
      section.removeAttribute("aria-busy");
    });
    form.addEventListener("pointerdown", () => {
      pointer = true;
    });
    form.addEventListener("click", (event) => {
      // A click or tap on a star (the label's click reaches its radio): also on the star
      // already chosen, which fires no "change". Arrow keys click radios too, without a pointer.
      if (!event.target.matches("input[name=stars]")) return;
      if (pointer) form.requestSubmit();
      pointer = false;
    });
    form.addEventListener("keydown", (event) => {
      if (!event.target.matches("input[name=stars]")) return;
      if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        event.target.checked = true;
        form.requestSubmit();
      }
    });
  }

  document.querySelectorAll("[data-rating]").forEach(enhance);
})();
