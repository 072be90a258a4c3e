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
