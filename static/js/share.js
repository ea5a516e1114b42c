// The "Copy link" button of the share links: hidden in the markup, shown
// only where the browser lets a page write to the clipboard.
(function () {
  "use strict";
  if (!navigator.clipboard || !window.isSecureContext) return;
  var buttons = document.querySelectorAll("[data-share-copy]");
  Array.prototype.forEach.call(buttons, function (button) {
    var nav = button.closest(".share-links");
    var status = nav && nav.querySelector("[data-share-status]");
    button.parentElement.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(button.getAttribute("data-share-copy")).then(
        function () {
          button.textContent = "Link copied";
          if (status) status.textContent = "Link copied to the clipboard.";
        },
        function () {
          if (status) {
            status.textContent = "Could not copy; copy the address from the address bar.";
          }
        }
      );
    });
  });
})();
