// The return page after Stripe Checkout: ask the server whether the webhook
// has recorded the payment, and reload once it has. Without JavaScript the
// "Check again" link does the same.
(function () {
  "use strict";
  var box = document.querySelector("[data-payment-status]");
  if (!box || box.dataset.status !== "pending") return;
  var tries = 0;
  function poll() {
    tries += 1;
    fetch(box.dataset.statusUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (data && data.status !== "pending") {
          window.location.reload();
        } else if (tries < 30) {
          window.setTimeout(poll, 2000);
        }
      })
      .catch(function () {
        if (tries < 30) window.setTimeout(poll, 4000);
      });
  }
  window.setTimeout(poll, 1500);
})();
