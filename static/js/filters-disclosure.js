// Wide screens show a listing's filters beside its results. Browsers that
// style ::details-content do it in CSS (main.css, "Filter disclosure");
// older ones get the <details> opened here. Without script the summary
// still opens it.
(function () {
  "use strict";
  if (window.CSS && CSS.supports && CSS.supports("selector(::details-content)")) {
    return;
  }
  if (!window.matchMedia || !window.matchMedia("(min-width: 60em)").matches) return;
  var disclosures = document.querySelectorAll("details[data-filters-disclosure]");
  Array.prototype.forEach.call(disclosures, function (details) {
    details.open = true;
  });
})();
