// Search suggestions while typing, on every input[data-suggest].
//
// Progressive enhancement: without this file the box is a plain search form
// that submits to /search/. With it, the box becomes a WAI-ARIA 1.2 combobox
// with list autocomplete and no automatic selection
// (https://www.w3.org/WAI/ARIA/apg/patterns/combobox/): focus stays in the
// input, aria-activedescendant names the active option, Enter on an active
// option opens its page and otherwise submits the form as before.
(() => {
  "use strict";

  const MIN_CHARS = 2;
  const DEBOUNCE_MS = 200;
  const DEFAULT_URL = "/search/suggest/";

  let count = 0;

  function setUp(input) {
    const container = input.parentElement;
    if (!container || input.hasAttribute("role")) return;
    count += 1;
    const listId = `${input.id || `suggest-${count}`}-suggestions`;
    const endpoint = input.dataset.suggestUrl || DEFAULT_URL;

    const list = document.createElement("ul");
    list.id = listId;
    list.className = "suggest__list";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", "Suggestions");
    list.hidden = true;

    // Announces how many suggestions there are: focus never leaves the
    // input, so a screen reader would not otherwise know the list opened.
    const status = document.createElement("div");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    status.setAttribute("aria-atomic", "true");

    container.classList.add("suggest");
    container.append(list, status);

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listId);
    // The browser's own history dropdown would cover ours.
    input.setAttribute("autocomplete", "off");

    let options = [];
    let active = -1;
    let timer = 0;
    let controller = null;
    let shownFor = "";

    const isOpen = () => input.getAttribute("aria-expanded") === "true";

    function announce(text) {
      status.textContent = text;
    }

    function setActive(index) {
      if (active >= 0 && options[active]) {
        options[active].classList.remove("suggest__option--active");
        options[active].setAttribute("aria-selected", "false");
      }
      active = index;
      const option = options[active];
      if (option) {
        option.classList.add("suggest__option--active");
        option.setAttribute("aria-selected", "true");
        input.setAttribute("aria-activedescendant", option.id);
        option.scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function place() {
      // Under the input even when its row wraps (the button below it).
      list.style.top = `${input.offsetTop + input.offsetHeight + 4}px`;
      // The list may be wider than a small box (main.css); where that would
      // run past the window's edge, it moves left instead.
      list.style.left = "";
      const edge = document.documentElement.clientWidth - 8;
      const overflow = list.getBoundingClientRect().right - edge;
      if (overflow > 0) list.style.left = `${-overflow}px`;
    }

    function open() {
      if (!options.length) return;
      list.hidden = false;
      place();
      input.setAttribute("aria-expanded", "true");
    }

    function close() {
      setActive(-1);
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
    }

    function cancel() {
      window.clearTimeout(timer);
      if (controller) controller.abort();
      controller = null;
    }

    function go(option) {
      const url = new URL(option.dataset.url, window.location.href);
      if (url.protocol !== "https:" && url.protocol !== "http:") return;
      close();
      window.location.assign(url.href);
    }

    function render(suggestions, query) {
      list.replaceChildren();
      options = suggestions.map((suggestion, index) => {
        const option = document.createElement("li");
        option.id = `${listId}-${index}`;
        option.className = "suggest__option";
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        option.dataset.url = suggestion.url;
        const title = document.createElement("span");
        title.className = "suggest__title";
        title.textContent = suggestion.title;
        // Read as "Kubernetes for beginners, Session".
        const comma = document.createElement("span");
        comma.className = "visually-hidden";
        comma.textContent = ", ";
        const type = document.createElement("span");
        type.className = "suggest__type";
        type.textContent = suggestion.kind_label;
        option.append(title, comma, type);
        return option;
      });
      list.append(...options);
      active = -1;
      input.removeAttribute("aria-activedescendant");
      shownFor = query;
      if (options.length) {
        open();
        const n = options.length;
        announce(
          `${n} suggestion${n === 1 ? "" : "s"}, use the up and down arrows to choose`,
        );
      } else {
        close();
        announce("No suggestions");
      }
    }

    async function fetchSuggestions(query) {
      cancel();
      controller = new AbortController();
      const url = new URL(endpoint, window.location.href);
      url.searchParams.set("q", query);
      try {
        const response = await fetch(url, {
          signal: controller.signal,
          headers: { Accept: "application/json" },
          credentials: "same-origin",
        });
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        const data = await response.json();
        // The visitor may have left the box while the answer was on its way.
        if (document.activeElement !== input) return;
        render(Array.isArray(data.suggestions) ? data.suggestions : [], query);
      } catch (error) {
        if (error.name === "AbortError") return;
        // Suggestions are a nicety: on any failure the form still works.
        close();
      }
    }

    function currentQuery() {
      return input.value.trim();
    }

    input.addEventListener("input", () => {
      cancel();
      const query = currentQuery();
      if (query.length < MIN_CHARS) {
        close();
        list.replaceChildren();
        options = [];
        shownFor = "";
        announce("");
        return;
      }
      timer = window.setTimeout(() => fetchSuggestions(query), DEBOUNCE_MS);
    });

    input.addEventListener("keydown", (event) => {
      if (event.isComposing || event.altKey || event.ctrlKey || event.metaKey) {
        return;
      }
      switch (event.key) {
        case "ArrowDown":
        case "ArrowUp": {
          const down = event.key === "ArrowDown";
          if (!isOpen()) {
            const query = currentQuery();
            if (options.length && shownFor === query) {
              open();
            } else if (query.length >= MIN_CHARS) {
              fetchSuggestions(query);
            }
            event.preventDefault();
            return;
          }
          event.preventDefault();
          const n = options.length;
          if (active < 0) setActive(down ? 0 : n - 1);
          else setActive((active + (down ? 1 : -1) + n) % n);
          return;
        }
        case "Enter":
          if (isOpen() && active >= 0) {
            event.preventDefault();
            go(options[active]);
          } else {
            // The form submits to /search/ as it would without script.
            cancel();
            close();
          }
          return;
        case "Escape":
          if (isOpen()) {
            // Keep the text (Chrome clears search inputs on Escape) and keep
            // main.js from also closing the mobile menu around the box.
            event.preventDefault();
            event.stopPropagation();
            cancel();
            close();
          }
          return;
        case "Tab":
          cancel();
          close();
          return;
        default:
      }
    });

    input.addEventListener("blur", () => {
      cancel();
      close();
    });

    // Keeps focus in the input, so the blur above does not close the list
    // before a click or tap on an option lands.
    list.addEventListener("pointerdown", (event) => event.preventDefault());
    list.addEventListener("click", (event) => {
      const option = event.target.closest('[role="option"]');
      if (option && list.contains(option)) go(option);
    });

    window.addEventListener("resize", () => {
      if (isOpen()) place();
    });
    // Coming back with the Back button restores the page as it was left.
    window.addEventListener("pageshow", close);
  }

  function init() {
    document.querySelectorAll("input[data-suggest]").forEach(setUp);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
