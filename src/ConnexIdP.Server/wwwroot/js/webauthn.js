// Security keys and passkeys (WebAuthn), over js/webauthn-json.js. Buttons carry data-webauthn="register" | "second-factor" | "passkey" inside a
// form holding the antiforgery field; the server's options come as JSON with base64url binary fields, the browser's
// answer goes back as JSON in a form post. Loaded as a file (no inline script).
(() => {
  const { creationOptions, requestOptions, credentialJson } = window.ConnexWebAuthn;

  const post = async (url, form, fields) => {
    const body = new URLSearchParams(fields);
    body.set("__af", form.querySelector("input[name='__af']").value);
    const response = await fetch(url, { method: "POST", body, credentials: "same-origin", headers: { Accept: "application/json" } });
    const answer = await response.json().catch(() => ({}));
    if (response.status === 403 && answer.redirect) {
      window.location.assign(answer.redirect);
      return null;
    }
    if (!response.ok) throw new Error(answer.error || "The request failed. Try again.");
    return answer;
  };

  const ceremonies = {
    register: { options: "/account/security/keys/options", answer: "/account/security/keys", create: true, fields: (form) => ({ name: form.querySelector("[name='Name']").value }) },
    "second-factor": { options: "/account/signin/key/options", answer: "/account/signin/key", create: false, fields: () => ({}) },
    passkey: { options: "/account/signin/passkey/options", answer: "/account/signin/passkey", create: false, fields: () => ({}) },
  };

  const showCodes = (codes, next) => {
    const section = document.getElementById("new-key-recovery-codes");
    const list = section.querySelector("ul");
    for (const code of codes) {
      const item = document.createElement("li");
      const text = document.createElement("code");
      text.textContent = code;
      item.append(text);
      list.append(item);
    }
    section.querySelector("a").href = next;
    section.hidden = false;
    section.scrollIntoView();
  };

  document.addEventListener("DOMContentLoaded", () => {
    for (const button of document.querySelectorAll("button[data-webauthn]")) {
      const ceremony = ceremonies[button.dataset.webauthn];
      const form = button.closest("form");
      const error = document.getElementById(button.dataset.error);
      if (!ceremony || !form) continue;
      if (!window.PublicKeyCredential) {
        button.disabled = true;
        if (error) error.textContent = "This browser does not support security keys or passkeys.";
        continue;
      }
      button.addEventListener("click", async (event) => {
        event.preventDefault();
        if (error) error.textContent = "";
        button.disabled = true;
        try {
          const returnUrl = form.querySelector("[name='ReturnUrl']")?.value || "";
          const start = await post(ceremony.options, form, ceremony.fields(form));
          if (!start) return;
          const credential = ceremony.create
            ? await navigator.credentials.create({ publicKey: creationOptions(start.options) })
            : await navigator.credentials.get({ publicKey: requestOptions(start.options) });
          const done = await post(ceremony.answer, form, { challengeId: start.challengeId, credential: credentialJson(credential), returnUrl });
          if (!done) return;
          if (done.recoveryCodes && done.recoveryCodes.length) showCodes(done.recoveryCodes, done.redirect);
          else window.location.assign(done.redirect);
        } catch (e) {
          if (error) error.textContent = e.name === "NotAllowedError"
            ? "No key or passkey answered: the request was cancelled or timed out, or the key cannot confirm it is you with a PIN or fingerprint."
            : e.message;
        } finally {
          button.disabled = false;
        }
      });
    }
  });
})();
