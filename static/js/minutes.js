/* The minutes editor: keeps unsaved text in the browser, fills quick picks, adds rows.
   Every form works without this script; it only saves typing and guards against a lost tab. */
(function () {
  "use strict";

  var PREFIX = "beslutsregistret:draft:";

  function fields(form) {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.name && el.type !== "hidden" && el.type !== "file" &&
        el.type !== "submit" && el.type !== "button" && el.name !== "csrfmiddlewaretoken";
    });
  }

  function snapshot(form) {
    var values = {};
    fields(form).forEach(function (el) {
      if (el.type === "checkbox" || el.type === "radio") {
        values[el.name + "::" + el.value] = el.checked;
      } else {
        values[el.name] = el.value;
      }
    });
    return values;
  }

  function restore(form, values) {
    fields(form).forEach(function (el) {
      if (el.type === "checkbox" || el.type === "radio") {
        var key = el.name + "::" + el.value;
        if (key in values) { el.checked = values[key]; }
      } else if (el.name in values) {
        el.value = values[el.name];
      }
      el.dispatchEvent(new Event("change", { bubbles: true }));
    });
  }

  function same(a, b) {
    return JSON.stringify(a) === JSON.stringify(b);
  }

  function autosave(form) {
    var key = PREFIX + form.dataset.autosaveKey;
    var version = form.dataset.version;
    var submittedKey = key + ":submitted";
    var offer = document.querySelector(".autosave-offer");
    var initial = snapshot(form);

    // A page reached right after saving means the stored text is now in the register.
    if (form.dataset.saved === "true" && sessionStorage.getItem(submittedKey)) {
      localStorage.removeItem(key);
    }
    sessionStorage.removeItem(submittedKey);

    var stored = null;
    try { stored = JSON.parse(localStorage.getItem(key) || "null"); } catch (e) { stored = null; }
    // Text that was sent, on a form shown afresh at a later version of the meeting, was
    // saved (a new item saved opens the next one, maybe in another tab): nothing to offer.
    // Sent and shown again with errors, it was not: it is unsent text again.
    if (stored && stored.submitted) {
      if (form.dataset.saved === "true" && Number(version) > Number(stored.version)) {
        localStorage.removeItem(key);
        stored = null;
      } else if (form.dataset.saved !== "true") {
        delete stored.submitted;
        localStorage.setItem(key, JSON.stringify(stored));
      }
    }
    if (stored && offer && !same(stored.values, initial)) {
      var when = offer.querySelector("[data-autosave-when]");
      if (when) {
        when.textContent = "(" + new Date(stored.at).toLocaleString("sv-SE", { timeZone: "Europe/Stockholm" }) +
          (stored.version !== version ? ", " + offer.dataset.olderText : "") + ")";
      }
      offer.hidden = false;
      offer.querySelector("[data-autosave-restore]").addEventListener("click", function () {
        restore(form, stored.values);
        offer.hidden = true;
      });
      offer.querySelector("[data-autosave-discard]").addEventListener("click", function () {
        localStorage.removeItem(key);
        offer.hidden = true;
      });
    }

    var timer = null;
    function store(submitted) {
      var values = snapshot(form);
      if (same(values, initial)) { return; }
      var draft = { version: version, at: Date.now(), values: values };
      if (submitted) { draft.submitted = true; }
      localStorage.setItem(key, JSON.stringify(draft));
    }
    form.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(store, 400);
    });
    form.addEventListener("change", function () { store(); });
    // A tab closed or a link followed within the debounce still keeps what was typed.
    window.addEventListener("pagehide", function () {
      if (!sessionStorage.getItem(submittedKey)) { store(); }
    });
    form.addEventListener("submit", function () {
      store(true);
      sessionStorage.setItem(submittedKey, "1");
    });
  }

  function quickPicks(form) {
    var picks = {};
    try { picks = JSON.parse(form.dataset.picks || "{}"); } catch (e) { picks = {}; }
    form.addEventListener("change", function (event) {
      var select = event.target;
      if (!select.name || !/-quick_pick$/.test(select.name) || !select.value) { return; }
      var prefix = select.name.replace(/quick_pick$/, "");
      var text = form.elements[prefix + "text"];
      var kind = form.elements[prefix + "kind"];
      var target = form.elements[prefix + "referred_to"];
      var pick = picks[select.value] || {};
      if (text && !text.value.trim()) { text.value = select.value; }
      if (kind && pick.kind) { kind.value = pick.kind; kind.dispatchEvent(new Event("change", { bubbles: true })); }
      if (target && pick.referred_to && !target.value) { target.value = String(pick.referred_to); }
    });
  }

  // Read the kind from the clause as it is typed ("att rekommendera …" is a recommendation),
  // with the same rules as the server, so the fields the kind needs appear at once. A kind
  // the secretary chose by hand is left alone.
  function kindFromText(form) {
    var rules = [];
    try {
      rules = JSON.parse(form.dataset.kindRules || "[]").map(function (rule) {
        return [new RegExp(rule[0]), rule[1]];
      });
    } catch (e) { rules = []; }
    if (!rules.length) { return; }
    function infer(text) {
      var folded = text.trim().toLowerCase();
      for (var i = 0; i < rules.length; i++) {
        if (rules[i][0].test(folded)) { return rules[i][1]; }
      }
      return "";
    }
    form.addEventListener("input", function (event) {
      var text = event.target;
      if (!/-text$/.test(text.name || "")) { return; }
      var prefix = text.name.replace(/text$/, "");
      var kind = form.elements[prefix + "kind"];
      if (!kind || (kind.value && kind.dataset.auto !== "1")) { return; }
      var found = infer(text.value);
      if (kind.value !== found) {
        kind.value = found;
        kind.dataset.auto = found ? "1" : "";
        kind.dispatchEvent(new Event("change", { bubbles: true }));
      }
      var identical = form.elements[prefix + "requires_identical"];
      if (identical && found === "recommended" && /likalydande/i.test(text.value)) {
        identical.checked = true;
      }
    });
    form.addEventListener("change", function (event) {
      if (event.isTrusted && /-kind$/.test(event.target.name || "")) { event.target.dataset.auto = ""; }
    });
  }

  // Show the referral, likalydande and assignment fields only for the kinds that use them.
  function kindFields(form) {
    function update(clause) {
      var kind = clause.querySelector("select[name$='-kind']");
      if (!kind) { return; }
      clause.querySelectorAll("[data-show-for]").forEach(function (el) {
        var kinds = el.dataset.showFor.split(" ");
        var hasValue = Array.prototype.some.call(
          el.querySelectorAll("input:not([type=checkbox]), select, textarea"),
          function (input) { return input.value; }
        ) || Array.prototype.some.call(el.querySelectorAll("input[type=checkbox]"), function (c) { return c.checked; });
        el.hidden = kinds.indexOf(kind.value) === -1 && !hasValue;
      });
    }
    form.querySelectorAll("[data-clause]").forEach(update);
    form.addEventListener("change", function (event) {
      var clause = event.target.closest && event.target.closest("[data-clause]");
      if (clause && /-kind$/.test(event.target.name || "")) { update(clause); }
    });
    form.updateClause = update;
  }

  function addRows(form) {
    form.querySelectorAll("[data-formset]").forEach(function (box) {
      var prefix = box.dataset.formset;
      var total = form.elements[prefix + "-TOTAL_FORMS"];
      var template = box.querySelector("template[data-formset-empty]");
      var rows = box.querySelector("[data-formset-rows]");
      var button = box.querySelector("[data-formset-add]");
      if (!total || !template || !rows || !button) { return; }
      button.hidden = false;
      button.addEventListener("click", function () {
        var index = parseInt(total.value, 10);
        var html = template.innerHTML.replace(/__prefix__/g, String(index));
        var holder = document.createElement(rows.tagName === "TBODY" ? "tbody" : "div");
        holder.innerHTML = html.trim();
        var row = holder.firstElementChild;
        rows.appendChild(row);
        total.value = String(index + 1);
        if (row.matches("[data-clause]") && form.updateClause) { form.updateClause(row); }
        var first = row.querySelector("input:not([type=hidden]), select, textarea");
        if (first) { first.focus(); }
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var summary = document.getElementById("error-summary");
    if (summary) { summary.focus(); }
    document.querySelectorAll("form.minutes-editor").forEach(function (form) {
      quickPicks(form);
      kindFromText(form);
      kindFields(form);
      addRows(form);
      if (form.dataset.autosaveKey && window.localStorage) { autosave(form); }
    });
  });
})();
