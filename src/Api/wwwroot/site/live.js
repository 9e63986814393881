// Live updates for the pages, through the same GraphQL subscriptions as any client (graphql-sse, distinct connections:
// an EventSource GET with the session cookie). Without JavaScript the pages work the same and show changes on reload.
"use strict";

(function () {
  function stream(query, variables, onNext) {
    var url = "/graphql/stream?query=" + encodeURIComponent(query) + "&variables=" + encodeURIComponent(JSON.stringify(variables || {}));
    var source = new EventSource(url);
    source.addEventListener("next", function (event) { onNext(JSON.parse(event.data), source); });
    // A completed operation ends its response; EventSource would open it again, so it is closed here.
    source.addEventListener("complete", function () { source.close(); });
    return source;
  }

  function element(tag, attributes, text) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) { node.setAttribute(name, attributes[name]); });
    if (text !== undefined) node.textContent = String(text);
    return node;
  }

  // A submission's page: each criterion as it is scored, then the score, the rubric version, the attempt and the
  // leaderboard position; a near-copy flag and a failed review are said as they are.
  var review = document.querySelector("[data-live-review]");
  if (review && review.getAttribute("data-status") === "FEEDBACK_PENDING") {
    var status = review.querySelector("[role=status]");
    var body = null;
    var scored = 0;
    var query = "subscription($id: ID!) { submissionReview(id: $id) { kind criterion { key score comment } " +
      "submission { attempt status failureReason leaderboardPosition challenge { id } feedback { reviewer rubricVersion overallScore summary } } } }";
    stream(query, { id: review.getAttribute("data-live-review") }, function (message, source) {
      if (message.errors) { status.textContent = "Live updates stopped: " + message.errors[0].message + " Reload to see the feedback."; source.close(); return; }
      var update = message.data.submissionReview;
      var submission = update.submission;
      if (update.kind === "CRITERION_SCORED") {
        if (!body) {
          var scroll = element("div", { "class": "scroll", role: "region", tabindex: "0", "aria-label": "Scores per criterion" });
          var table = element("table", { "class": "data", id: "criteria" });
          table.appendChild(element("caption", {}, "Per criterion"));
          var head = element("tr");
          head.appendChild(element("th", { scope: "col" }, "Criterion"));
          head.appendChild(element("th", { scope: "col", "class": "num" }, "Score"));
          head.appendChild(element("th", { scope: "col" }, "What would raise it"));
          table.appendChild(element("thead")).appendChild(head);
          body = table.appendChild(element("tbody"));
          review.appendChild(scroll).appendChild(table);
        }
        var row = element("tr", { "data-criterion": update.criterion.key });
        row.appendChild(element("th", { scope: "row" }, update.criterion.key));
        row.appendChild(element("td", { "class": "num" }, update.criterion.score));
        row.appendChild(element("td", {}, update.criterion.comment));
        body.appendChild(row);
        scored += 1;
        status.textContent = "Reviewing… " + scored + (scored === 1 ? " criterion" : " criteria") + " scored so far.";
      } else if (update.kind === "FLAGGED") {
        review.insertBefore(element("p", { "class": "problem", role: "note" },
          "This submission is very close to another candidate's. The challenge's owner will look at both."), status.nextSibling);
      } else if (update.kind === "REVIEWED") {
        var feedback = submission.feedback;
        var score = element("p", { "class": "score" });
        score.appendChild(element("strong", { id: "overall" }, feedback.overallScore));
        score.appendChild(document.createTextNode(" / 100 · scored against rubric version " + feedback.rubricVersion + " by " + feedback.reviewer));
        var standing = element("p", { id: "standing" }, "Attempt " + submission.attempt +
          (submission.leaderboardPosition ? " · position " + submission.leaderboardPosition + " on the leaderboard. " : ". "));
        standing.appendChild(element("a", { href: "/challenges/" + encodeURIComponent(submission.challenge.id) + "#leaderboard" }, "See the leaderboard"));
        var anchor = body ? body.closest(".scroll") : null;
        review.insertBefore(score, anchor);
        review.insertBefore(element("p", {}, feedback.summary), anchor);
        review.appendChild(standing);
        status.textContent = "Reviewed.";
        review.setAttribute("data-status", "FEEDBACK_READY");
      } else if (update.kind === "FAILED") {
        status.textContent = "";
        review.appendChild(element("p", { "class": "problem", role: "alert" }, "The feedback could not be produced" +
          (submission.failureReason ? ": " + submission.failureReason : ".") + " It does not count against your attempts' scores; try again later."));
        review.setAttribute("data-status", "FEEDBACK_FAILED");
      }
    });
  }

  // My applications: when the company moves an application, or an invitation arrives or changes, the list is read again
  // as the server renders it, and the change is announced.
  var applications = document.querySelector("[data-live-applications]");
  if (applications) {
    var announce = document.getElementById("live-announcement");
    stream("subscription { myApplications { kind application { id } invitation { id } } }", {}, function (message, source) {
      if (message.errors) { source.close(); return; }
      var update = message.data.myApplications;
      fetch(location.pathname, { credentials: "same-origin", headers: { Accept: "text/html" } })
        .then(function (response) { return response.text(); })
        .then(function (html) {
          var fresh = new DOMParser().parseFromString(html, "text/html").querySelector("[data-live-applications]");
          if (!fresh) return;
          applications.innerHTML = fresh.innerHTML;
          var words = update.kind.toLowerCase().replace(/_/g, " ");
          if (announce) announce.textContent = (update.invitation ? "An invitation: " : "An application changed: ") + words + ".";
        });
    });
  }
})();
