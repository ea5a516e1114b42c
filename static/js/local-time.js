// Visitors have no profile time zone, so the server shows session times in
// UTC; this rewrites them into the browser's own zone, in the same shape as
// sessions/timezones.py: "Tue 12 Jan 2027, 16:00 CET (session time 15:00
// GMT, Europe/London)". Without script the UTC time, named, still stands.
(function () {
  "use strict";
  if (!window.Intl || !Intl.DateTimeFormat) return;
  if (!Intl.DateTimeFormat.prototype.formatToParts) return;
  var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (!zone) return;

  var OFFSET_ONLY = /^GMT[+-]/;

  function parts(when, timeZone, locale) {
    var out = {};
    new Intl.DateTimeFormat(locale, {
      timeZone: timeZone,
      weekday: "short",
      day: "numeric",
      month: "short",
      year: "numeric",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
      timeZoneName: "short",
    })
      .formatToParts(when)
      .forEach(function (part) {
        out[part.type] = part.value;
      });
    // Some English locales write "Sept"; the server writes "Sep".
    out.month = out.month.slice(0, 3);
    return out;
  }

  // British English names European zones (CET, BST), American English the
  // American ones (EDT); elsewhere both give an offset ("GMT+4") and the
  // zone's own name then says where.
  function read(when, timeZone) {
    var clock = parts(when, timeZone, "en-GB");
    if (OFFSET_ONLY.test(clock.timeZoneName)) {
      var american = parts(when, timeZone, "en-US");
      if (!OFFSET_ONLY.test(american.timeZoneName)) {
        clock.timeZoneName = american.timeZoneName;
      }
    }
    clock.label = clock.timeZoneName === timeZone ? "" : timeZone;
    clock.date = clock.year + clock.month + clock.day;
    return clock;
  }

  function full(clock) {
    return (
      clock.weekday + " " + clock.day + " " + clock.month + " " + clock.year +
      ", " + clock.hour + ":" + clock.minute + " " + clock.timeZoneName
    );
  }

  function note(mine, sessionZone, when) {
    if (!sessionZone) return mine.label;
    if (sessionZone === zone) return sessionZone;
    var theirs = read(when, sessionZone);
    var text = "session time ";
    if (theirs.date !== mine.date) {
      text += theirs.weekday + " " + theirs.day + " " + theirs.month + ", ";
    }
    text += theirs.hour + ":" + theirs.minute + " " + theirs.timeZoneName;
    return theirs.label ? text + ", " + theirs.label : text;
  }

  var times = document.querySelectorAll("time[data-local-time]");
  Array.prototype.forEach.call(times, function (element) {
    var when = new Date(element.getAttribute("datetime"));
    if (isNaN(when.getTime())) return;
    var mine, bracket;
    try {
      mine = read(when, zone);
      bracket = note(mine, element.getAttribute("data-session-zone"), when);
    } catch (error) {
      return; // a zone this browser cannot format: the UTC time stands
    }
    var sibling = element.nextElementSibling;
    var span =
      sibling && sibling.classList.contains("session-time__zone") ? sibling : null;
    element.setAttribute("title", element.textContent.trim());
    element.textContent = full(mine);
    if (!bracket) {
      if (span) span.remove();
      return;
    }
    if (!span) {
      span = document.createElement("span");
      span.className = "session-time__zone";
      element.after(span);
      element.after(" ");
    }
    span.textContent = "(" + bracket + ")";
  });
})();
