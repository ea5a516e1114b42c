// Visitors have no profile time zone, so the server shows session times in
// UTC; this rewrites them into the browser's own zone. Without script the
// UTC time, named, still stands.
(function () {
  "use strict";
  if (!window.Intl || !Intl.DateTimeFormat) return;
  var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (!zone) return;
  var format = new Intl.DateTimeFormat(undefined, {
    weekday: "short",
    day: "numeric",
    month: "short",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    timeZoneName: "short",
  });
  var times = document.querySelectorAll("time[data-local-time]");
  Array.prototype.forEach.call(times, function (element) {
    var when = new Date(element.getAttribute("datetime"));
    if (isNaN(when.getTime())) return;
    element.setAttribute("title", element.textContent.trim());
    var text = format.format(when);
    // "10:00 GMT+1" says little; "(Europe/Berlin)" says where. "UTC" is enough.
    if (text.indexOf(zone) === -1) text += " (" + zone + ")";
    element.textContent = text;
  });
})();
