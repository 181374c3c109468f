// "Show" buttons beside password fields: reveal what was typed, so long passphrases can be checked before sending.
// Loaded as a file (no inline script), so a strict Content-Security-Policy needs no exception.
document.addEventListener("DOMContentLoaded", () => {
  for (const button of document.querySelectorAll("button[data-reveal]")) {
    const input = document.getElementById(button.dataset.reveal);
    if (!input) continue;
    button.addEventListener("click", () => {
      const reveal = input.type === "password";
      input.type = reveal ? "text" : "password";
      button.textContent = reveal ? "Hide" : "Show";
      button.setAttribute("aria-pressed", String(reveal));
      input.focus();
    });
  }
});
