// The posting form's live preview: the description, rendered by the server exactly as the posting's page renders it,
// refreshed while the member types. Without JavaScript the form's Preview button does the same with a reload.
"use strict";

(function () {
  var source = document.querySelector("textarea[data-preview]");
  var target = document.getElementById("description-preview");
  if (!source || !target || !window.fetch) return;
  var form = source.form;
  var button = form.querySelector("[data-preview-button]");
  var status = document.createElement("p");
  status.className = "hint";
  status.setAttribute("role", "status");
  target.parentNode.insertBefore(status, target);
  if (button) button.hidden = true;
  var timer = null;
  var sent = 0;

  function refresh() {
    var mine = ++sent;
    var body = new URLSearchParams();
    body.set("__form", form.querySelector("input[name=__form]").value);
    body.set("description", source.value);
    fetch(source.getAttribute("data-preview"), { method: "POST", body: body, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) throw new Error(String(response.status));
        return response.text();
      })
      .then(function (html) {
        if (mine !== sent) return;
        target.innerHTML = html; // sanitised by the server, as on the posting's page
        status.textContent = "";
      })
      .catch(function () {
        if (mine !== sent) return;
        status.textContent = "The preview could not follow your typing; use the Preview button to see it.";
        if (button) button.hidden = false;
      });
  }

  source.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(refresh, 250);
  });
})();
