// Passkeys on the account and sign-in pages: the server's WebAuthn options in, the browser's credential out, each through
// the page's own form (which carries its antiforgery token). Without WebAuthn the buttons say so and do nothing.
(() => {
  const supported = window.PublicKeyCredential && PublicKeyCredential.parseCreationOptionsFromJSON;
  for (const form of document.querySelectorAll("form[data-passkey]")) {
    const button = form.querySelector("button");
    if (!supported) { button.disabled = true; button.title = "This browser does not support passkeys."; continue; }
    form.addEventListener("submit", async (event) => {
      if (form.dataset.done) return;
      event.preventDefault();
      button.disabled = true;
      try {
        const token = new FormData(form).get("__form");
        const body = new URLSearchParams({ __form: token });
        const response = await fetch(form.dataset.options, { method: "POST", body, credentials: "same-origin" });
        if (!response.ok) throw new Error("options " + response.status);
        const options = await response.json();
        const credential = form.dataset.passkey === "create"
          ? await navigator.credentials.create({ publicKey: PublicKeyCredential.parseCreationOptionsFromJSON(options) })
          : await navigator.credentials.get({ publicKey: PublicKeyCredential.parseRequestOptionsFromJSON(options) });
        form.querySelector("input[name=credential]").value = JSON.stringify(credential);
        form.dataset.done = "1";
        form.submit();
      } catch (error) {
        button.disabled = false;
        let problem = form.querySelector(".problem");
        if (!problem) { problem = document.createElement("p"); problem.className = "problem"; problem.setAttribute("role", "alert"); form.prepend(problem); }
        problem.textContent = "The passkey did not work: " + (error && error.name === "NotAllowedError" ? "it was cancelled or timed out." : "try again.");
      }
    });
  }
})();
