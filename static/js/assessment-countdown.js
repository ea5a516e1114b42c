// The time left on a timed attempt, beside its deadline. Progressive
// enhancement: the deadline itself is in the page as text, in the member's
// time zone. The remaining time is shown, not read out each second; screen
// readers hear it once at 5 minutes and once at 1 minute left.
(function () {
  "use strict";
  var box = document.querySelector("[data-countdown]");
  if (!box) return;
  var deadlineElement = box.querySelector("[data-countdown-deadline]");
  var remaining = box.querySelector("[data-countdown-remaining]");
  var announce = box.querySelector("[data-countdown-announce]");
  var deadline = new Date(deadlineElement.getAttribute("datetime")).getTime();
  if (isNaN(deadline)) return;
  var announced = {};

  function pad(number) {
    return number < 10 ? "0" + number : String(number);
  }

  function tick() {
    var seconds = Math.max(0, Math.round((deadline - Date.now()) / 1000));
    var hours = Math.floor(seconds / 3600);
    var minutes = Math.floor((seconds % 3600) / 60);
    var text = (hours ? hours + ":" + pad(minutes) : minutes) + ":" + pad(seconds % 60);
    remaining.hidden = false;
    remaining.textContent = seconds
      ? " Time left: " + text + "."
      : " Time is up: submit now to have your saved answers scored.";
    [5, 1].forEach(function (mark) {
      if (seconds <= mark * 60 && seconds > 0 && !announced[mark]) {
        announced[mark] = true;
        announce.textContent =
          mark + " minute" + (mark === 1 ? "" : "s") + " left. Save your answers.";
      }
    });
    if (seconds) window.setTimeout(tick, 1000);
  }

  tick();
})();
