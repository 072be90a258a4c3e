// The batch page while the worker reads: ask for the documents' state every two seconds
// and update the table and the counts in place; the page works without it (a reload
// shows the same).
(function () {
  "use strict";
  var page = document.querySelector("[data-batch-status]");
  if (!page) { return; }
  var url = page.getAttribute("data-batch-status");
  var summary = document.getElementById("batch-summary");
  var announced = "";

  function cell(row, name) { return row.querySelector("[data-field='" + name + "']"); }

  var VIEWS = { granska: ["parsed"], avvisade: ["refused", "duplicate"], sparade: ["saved"],
                utelamnade: ["discarded"] };

  function update(data) {
    var changed = false;
    data.documents.forEach(function (doc) {
      var row = document.getElementById("document-" + doc.id);
      // Rows are filled in once their state changes; the rest stay as they are.
      if (!row || row.dataset.status === doc.status) { return; }
      changed = true;
      row.dataset.status = doc.status;
      var name = cell(row, "name");
      name.textContent = "";
      if (doc.review) {
        var review = document.createElement("a");
        review.href = doc.review;
        review.textContent = doc.name;
        name.appendChild(review);
      } else {
        name.textContent = doc.name;
      }
      var status = cell(row, "status");
      status.querySelector("[data-part='label']").textContent = doc.status_label;
      cell(row, "forum").textContent = doc.forum;
      cell(row, "date").textContent = doc.date;
      cell(row, "items").textContent = doc.status === "parsed" || doc.status === "saved" ? doc.items : "";
      cell(row, "clauses").textContent = doc.status === "parsed" || doc.status === "saved" ? doc.clauses : "";
      cell(row, "warnings").textContent = doc.status === "parsed" ? doc.warnings : "";
      var message = status.querySelector("[data-part='message']");
      message.textContent = doc.message;
      if (doc.link) {
        var link = document.createElement("a");
        link.href = doc.link;
        link.textContent = doc.link_label;
        message.appendChild(document.createTextNode(" "));
        message.appendChild(link);
      }
    });
    if (changed) {
      // The server lists the documents in review order (by date, once read).
      var body = document.querySelector("table.batch-documents tbody");
      data.documents.forEach(function (doc) {
        var row = document.getElementById("document-" + doc.id);
        if (row) { body.appendChild(row); }
      });
    }
    Object.keys(VIEWS).forEach(function (view) {
      var count = document.querySelector("[data-view='" + view + "']");
      if (count) {
        count.textContent = VIEWS[view].reduce(function (sum, s) { return sum + (data.counts[s] || 0); }, 0);
      }
    });
    Object.keys(data.counts).forEach(function (status) {
      var count = document.querySelector("[data-count='" + status + "']");
      if (count) { count.textContent = data.counts[status]; }
    });
    if (summary) {
      var which = data.waiting ? "data-running" : (data.saving ? "data-saving"
        : (data.counts.parsed ? "data-done" : "data-finished"));
      var text = summary.getAttribute(which)
        .replace("{waiting}", data.waiting).replace("{saving}", data.saving);
      // Told once per change, not at every poll.
      if (text !== announced) { summary.textContent = text; announced = text; }
    }
    var busy = data.waiting + data.saving;
    var actions = document.getElementById("batch-actions");
    if (actions) {
      // What can be done with the minutes read, once every one is.
      actions.hidden = Boolean(busy) || !data.first_to_review;
      document.getElementById("batch-review").href = data.first_to_review;
      document.getElementById("batch-save-clean").hidden = !data.counts.clean;
    }
    return busy;
  }

  function poll() {
    fetch(url, { headers: { "Accept": "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (data && update(data)) { window.setTimeout(poll, 2000); }
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  if (page.getAttribute("data-waiting") !== "0") { window.setTimeout(poll, 1000); }
})();
