// Every page: a form that comes back with errors puts the keyboard and the screen
// reader on its summary of them, which links to each field.
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  var summary = document.querySelector(".error-summary[tabindex]");
  if (summary) { summary.focus(); }
});
