// The phone enrollment page: waits for the phone to use the one-time link, then finishes by itself.
(() => {
  const link = document.getElementById("phone-link");
  if (!link) return;
  const status = document.getElementById("phone-status");
  const finish = document.getElementById("phone-finish");
  const url = location.pathname.replace(/\/$/, "") + "/status";
  // One check at a time: on a slow server two checks in flight could both see the phone and post the finish twice.
  let checking = false;
  const timer = setInterval(async () => {
    if (checking) return;
    checking = true;
    try {
      const response = await fetch(url, { headers: { Accept: "application/json", "X-ConnexIdP-Link": link.dataset.ticket }, credentials: "same-origin" });
      if (!response.ok) return;
      const state = await response.json();
      if (state.done) {
        clearInterval(timer);
        status.textContent = "Your phone is set up.";
        finish.submit();
      } else if (state.expired) {
        clearInterval(timer);
        status.textContent = "This link has expired. Go back and make a new one.";
      }
    } catch {
      // The next check tries again.
    } finally {
      checking = false;
    }
  }, 1500);
})();
