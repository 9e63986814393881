// The pipeline board, with JavaScript. Nothing here is needed to use it: without it each card's forms post and
// redirect back to the card. With it, the same forms are sent without leaving the page, a card can be dragged to a later
// column (the drop sends the card's own move form), and new applications and teammates' moves appear as they happen,
// through the companyApplications subscription as any client follows it. Each time, the board is read again as the
// server renders it; keyboard focus stays on the same card and control, and the change is announced.
"use strict";

(function () {
  var frame = document.querySelector("[data-board]");
  if (!frame) return;
  var announcer = document.getElementById("board-announcement");
  var stages = ["APPLIED", "SCREENING", "INTERVIEW", "OFFER", "HIRED"];
  var own = {};
  var dragged = null;
  var busy = false;
  var waiting = [];
  var timer = null;

  // As in live.js: a graphql-sse stream, an EventSource GET that carries the session cookie.
  function stream(query, variables, onNext) {
    var url = "/graphql/stream?query=" + encodeURIComponent(query) + "&variables=" + encodeURIComponent(JSON.stringify(variables || {}));
    var source = new EventSource(url);
    source.addEventListener("next", function (event) { onNext(JSON.parse(event.data), source); });
    source.addEventListener("complete", function () { source.close(); });
    return source;
  }

  function say(text) {
    if (!announcer || !text) return;
    announcer.textContent = "";
    setTimeout(function () { announcer.textContent = text; }, 50);
  }

  // Where focus is, in words that survive the board being drawn again: the card, and which of its controls.
  function focusMark() {
    var active = document.activeElement;
    if (!active || !frame.contains(active)) return null;
    var card = active.closest("[data-application]");
    if (!card) return active.id ? { card: null, control: "#" + CSS.escape(active.id) } : null;
    var form = active.closest("form");
    var control = active === card ? null
      : active.id ? "#" + CSS.escape(active.id)
      : active.tagName === "SUMMARY" ? "summary"
      : active.tagName === "A" ? "h3 a"
      : form ? "form." + form.classList[0] + " " + active.tagName.toLowerCase() : null;
    return { card: card.getAttribute("data-application"), control: control };
  }

  function focusAgain(mark) {
    if (!mark) return;
    var card = mark.card ? document.getElementById("card-" + mark.card) : frame;
    if (!card) return;
    var target = (mark.control && card.querySelector(mark.control)) || card.querySelector("form.move button") || card.querySelector("a") || card;
    var closed = target.closest("details:not([open])");
    if (closed && target.tagName !== "SUMMARY") target = closed.querySelector("summary");
    target.focus();
  }

  // What a person was in the middle of: open toggles and the reasons and notes they had chosen or typed.
  function keep() {
    var state = { open: [], values: {} };
    frame.querySelectorAll("details[open]").forEach(function (details) {
      var card = details.closest("[data-application]");
      state.open.push(card ? "#" + CSS.escape(card.id) + " details" : "details.ended");
    });
    frame.querySelectorAll("select[id], textarea[id]").forEach(function (field) {
      if (field.value) state.values[field.id] = field.value;
    });
    return state;
  }

  function restore(state) {
    state.open.forEach(function (selector) {
      var details = frame.querySelector(selector);
      if (details) details.open = true;
    });
    Object.keys(state.values).forEach(function (id) {
      var field = document.getElementById(id);
      if (field && frame.contains(field)) field.value = state.values[id];
    });
  }

  function enhance() {
    frame.querySelectorAll(".card").forEach(function (card) {
      if (card.querySelector("form.move [name=toStage]")) card.setAttribute("draggable", "true");
    });
  }

  // The board as the server rendered it, in place of this one; a page that is not a board (a refusal) replaces the page.
  function draw(html, mark) {
    var page = new DOMParser().parseFromString(html, "text/html");
    var fresh = page.querySelector("[data-board]");
    if (!fresh) {
      var main = page.querySelector("main");
      if (main) document.querySelector("main").innerHTML = main.innerHTML;
      return;
    }
    var state = keep();
    frame.innerHTML = fresh.innerHTML;
    restore(state);
    enhance();
    focusAgain(mark);
  }

  function nameOf(card) {
    var link = card && card.querySelector("a");
    return link ? link.textContent : "The application";
  }

  frame.addEventListener("submit", function (event) {
    var form = event.target;
    var card = form.closest("[data-application]");
    if (!card) return;
    event.preventDefault();
    var id = card.getAttribute("data-application");
    var name = nameOf(card);
    var rejecting = form.classList.contains("reject");
    own[id] = Date.now();
    busy = true;
    // getAttribute: the form's field named "action" hides the form's action property.
    fetch(form.getAttribute("action"), { method: "POST", body: new URLSearchParams(new FormData(form)), credentials: "same-origin", headers: { Accept: "text/html" } })
      .then(function (response) { return response.text().then(function (html) { return { ok: response.ok, html: html }; }); })
      .then(function (result) {
        draw(result.html, { card: id, control: rejecting ? null : "form.move button" });
        var problem = frame.querySelector("#problem");
        var moved = document.getElementById("card-" + id);
        // A refusal is said by the page's own alert.
        say(!result.ok ? (problem ? "" : "That did not work.")
          : rejecting ? name + " was rejected."
          : name + " moved to " + (moved ? moved.getAttribute("data-stage") || "" : "").toLowerCase() + ".");
      })
      .catch(function () { say("The board could not be reached. Check your connection and try again."); })
      .then(function () { busy = false; if (waiting.length) later(); });
  });

  function allowed(card, column) {
    var from = stages.indexOf(card.getAttribute("data-stage"));
    var to = stages.indexOf(column.getAttribute("data-stage"));
    return to > from && column.getAttribute("data-stage") !== "HIRED";
  }

  frame.addEventListener("dragstart", function (event) {
    var card = event.target.closest && event.target.closest(".card[draggable=true]");
    if (!card) return;
    dragged = card;
    event.dataTransfer.setData("text/plain", card.getAttribute("data-application"));
    event.dataTransfer.effectAllowed = "move";
    card.classList.add("dragging");
  });

  frame.addEventListener("dragover", function (event) {
    var column = event.target.closest && event.target.closest(".column");
    if (!dragged || !column || !allowed(dragged, column)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = "move";
    column.classList.add("drop-target");
  });

  frame.addEventListener("dragleave", function (event) {
    var column = event.target.closest && event.target.closest(".column");
    if (column && !column.contains(event.relatedTarget)) column.classList.remove("drop-target");
  });

  frame.addEventListener("drop", function (event) {
    var column = event.target.closest && event.target.closest(".column");
    if (!dragged || !column) return;
    event.preventDefault();
    var form = dragged.querySelector("form.move");
    if (!allowed(dragged, column) || !form) { say("Applications only move forward, and a candidate is hired by accepting an offer."); return; }
    form.querySelector("[name=toStage]").value = column.getAttribute("data-stage");
    form.requestSubmit();
  });

  frame.addEventListener("dragend", function () {
    if (dragged) dragged.classList.remove("dragging");
    frame.querySelectorAll(".drop-target").forEach(function (column) { column.classList.remove("drop-target"); });
    dragged = null;
    if (waiting.length) later();
  });

  var said = {
    SUBMITTED: " applied.", ADVANCED: " moved to ", OFFER_EXTENDED: " has an offer.", HIRED: " accepted the offer.",
    REJECTED: " was rejected.", WITHDRAWN: " withdrew.", OFFER_DECLINED: " declined the offer.", CLOSED: "'s application closed with the posting.",
  };

  function words(update) {
    var application = update.application;
    var name = application.candidate.displayName || application.candidate.handle;
    return name + (said[update.kind] || " changed.") + (update.kind === "ADVANCED" ? application.stage.toLowerCase() + "." : "");
  }

  // Changes that arrive together are drawn once; not while a move is on its way or a card is being dragged.
  function later() {
    clearTimeout(timer);
    timer = setTimeout(function () {
      if (busy || dragged) return;
      var updates = waiting.splice(0);
      var mark = focusMark();
      fetch(location.pathname, { credentials: "same-origin", headers: { Accept: "text/html" } })
        .then(function (response) { return response.text(); })
        .then(function (html) {
          draw(html, mark);
          var theirs = updates.filter(function (u) { return !(own[u.application.id] > Date.now() - 5000); });
          say(theirs.length === 1 ? words(theirs[0]) : theirs.length > 1 ? theirs.length + " changes on the board." : "");
        });
    }, 250);
  }

  stream("subscription($posting: ID) { companyApplications(postingId: $posting) { kind application { id stage candidate { handle displayName } } } }",
    { posting: frame.getAttribute("data-board") },
    function (message, source) {
      if (message.errors) { say("Live updates stopped: " + message.errors[0].message + " Reload to see changes."); source.close(); return; }
      waiting.push(message.data.companyApplications);
      later();
    });

  enhance();
  document.querySelectorAll(".drag-hint").forEach(function (hint) { hint.hidden = false; });
  if (location.hash.indexOf("#card-") === 0) focusAgain({ card: location.hash.slice(6), control: "form.move button" });
})();
