// Similar questions while a question's title is typed (/forum/ask/).
//
// Progressive enhancement: without this file the "Check for similar
// questions" button submits the form and the page lists them. With it, the
// list in the aria-live region follows the title as it is typed, fetched as
// an HTML fragment from /forum/similar/?q=, and the button is not needed.
(() => {
  "use strict";

  const MIN_CHARS = 10;
  const DEBOUNCE_MS = 400;

  function setUp(form) {
    const title = form.querySelector('input[name="title"]');
    const results = form.querySelector("[data-similar-results]");
    const button = form.querySelector("[data-similar-button]");
    if (!title || !results) return;
    const endpoint = results.dataset.similarUrl;

    let timer = 0;
    let controller = null;
    let shownFor = title.value.trim();

    async function refresh(query) {
      if (controller) controller.abort();
      controller = new AbortController();
      try {
        const response = await fetch(`${endpoint}?q=${encodeURIComponent(query)}`, {
          headers: { Accept: "text/html" },
          credentials: "same-origin",
          signal: controller.signal,
        });
        if (!response.ok) return;
        // Our own server's fragment, escaped by its template.
        results.innerHTML = await response.text();
        shownFor = query;
      } catch (error) {
        if (error.name !== "AbortError") results.textContent = "";
      }
    }

    title.addEventListener("input", () => {
      window.clearTimeout(timer);
      const query = title.value.trim();
      if (query === shownFor) return;
      if (query.length < MIN_CHARS) {
        results.textContent = "";
        shownFor = query;
        return;
      }
      timer = window.setTimeout(() => refresh(query), DEBOUNCE_MS);
    });

    // The list keeps itself current, so the button would only repeat it.
    if (button) button.hidden = true;
  }

  document.querySelectorAll("form[data-similar-form]").forEach(setUp);
})();
