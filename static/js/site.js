// Every page: a form that comes back with errors puts the keyboard and the screen
// reader on its summary of them, which links to each field.
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  var summary = document.querySelector(".error-summary[tabindex]");
  if (summary) { summary.focus(); }
});

// A button marked data-print prints the page. Handlers live here, not in onclick
// attributes, which the Content-Security-Policy refuses.
document.addEventListener("click", function (event) {
  "use strict";
  if (event.target.closest && event.target.closest("button[data-print]")) { window.print(); }
});

// The sticky save bar of the editors never hides the field that takes the focus
// (WCAG 2.4.7, 2.4.11): a field that reaches under the bar is scrolled up above it.
// scroll-padding in site.css does the same where the browser scrolls by itself.
document.addEventListener("focusin", function (event) {
  "use strict";
  var bar = document.querySelector(".sticky-save");
  var field = event.target;
  if (!bar || bar.contains(field) || getComputedStyle(bar).position !== "sticky") { return; }
  var box = field.getBoundingClientRect();
  var barTop = bar.getBoundingClientRect().top;
  var gap = 8;
  if (box.bottom + gap > barTop && box.top < barTop) {
    var needed = Math.min(box.bottom + gap - barTop, box.top - gap);
    if (needed > 0) { window.scrollBy(0, needed); }
  }
});
