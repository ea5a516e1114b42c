// Counts a view of a forum thread. The page itself may come from the
// anonymous page cache, which never reaches the view that renders it.
(function () {
  "use strict";
  var thread = document.querySelector("[data-view-url]");
  if (thread && navigator.sendBeacon) {
    navigator.sendBeacon(thread.getAttribute("data-view-url"));
  }
})();
