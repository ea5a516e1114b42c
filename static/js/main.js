// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";

  // Mobile menu. CSS hides the menu on small screens only when scripting is
  // on; this toggles it and keeps aria-expanded in step for screen readers.
  function setUpNavToggle(toggle) {
    var nav = document.getElementById(toggle.getAttribute("aria-controls"));
    if (!nav) return;

    function setOpen(open) {
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
      nav.classList.toggle("site-nav--open", open);
    }

    toggle.addEventListener("click", function () {
      setOpen(toggle.getAttribute("aria-expanded") !== "true");
    });

    // Escape closes an open menu and puts focus back where the user was.
    document.addEventListener("keydown", function (event) {
      if (event.key !== "Escape") return;
      if (toggle.getAttribute("aria-expanded") !== "true") return;
      setOpen(false);
      if (nav.contains(document.activeElement)) toggle.focus();
    });
  }

  // The account menu is a <details>: it works without this. Like other
  // menus, it closes on Escape (focus back on its toggle) and on a click
  // or focus elsewhere.
  function setUpAccountMenu(menu) {
    var toggle = menu.querySelector("summary");
    document.addEventListener("keydown", function (event) {
      if (event.key !== "Escape" || !menu.open) return;
      var inside = menu.contains(document.activeElement);
      menu.open = false;
      if (inside) toggle.focus();
    });
    ["click", "focusin"].forEach(function (type) {
      document.addEventListener(type, function (event) {
        if (menu.open && !menu.contains(event.target)) menu.open = false;
      });
    });
  }

  // "Go back" buttons (the CSRF failure page): history needs script, and our
  // Content-Security-Policy forbids javascript: links, so the button starts
  // hidden and appears only when it can work.
  function setUpHistoryBack(button) {
    if (window.history.length < 2) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      window.history.back();
    });
  }

  function init() {
    document.querySelectorAll("[data-nav-toggle]").forEach(setUpNavToggle);
    document.querySelectorAll("[data-history-back]").forEach(setUpHistoryBack);
    document.querySelectorAll("[data-account-menu]").forEach(setUpAccountMenu);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
