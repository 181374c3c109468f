// The push approval page: waits for the phone's answer by server-sent events (polling when they fail), counts down,
// and completes the sign-in by itself once the phone approved. Loaded as a file (no inline script).
(() => {
  const root = document.getElementById("push");
  if (!root) return;
  const status = document.getElementById("push-status");
  const complete = document.getElementById("push-complete");
  const again = document.getElementById("push-send");
  const number = document.getElementById("push-number");

  // The phone shows the request's time in its own time zone: so does this page, to compare like with like (the page
  // is rendered in UTC for browsers without script).
  const requestedAt = document.getElementById("push-requested-at");
  if (requestedAt) {
    const at = new Date(requestedAt.getAttribute("datetime"));
    if (!Number.isNaN(at.getTime())) requestedAt.textContent = at.toLocaleTimeString();
  }
  const messages = {
    approved: "Approved on your phone. Signing you in…",
    "wrong-number": "The number picked on the phone was not this one, so the sign-in was refused.",
    denied: "The sign-in was refused on the phone.",
    expired: "The request expired before your phone answered.",
    cancelled: "This request was withdrawn.",
    completed: "This approval was already used.",
  };
  let finished = false;
  let timer = null;

  const show = (state) => {
    if (finished || state === "pending") return;
    finished = true;
    clearInterval(timer);
    root.dataset.status = state;
    status.textContent = messages[state] || "This request is closed.";
    if (state === "approved") {
      complete.submit();
      return;
    }
    if (number) number.classList.add("closed");
    again.hidden = false;
  };

  if (root.dataset.status !== "pending") {
    if (root.dataset.status === "approved") show("approved");
    return;
  }

  const expires = Number(root.dataset.expires);
  const poll = async () => {
    try {
      const response = await fetch(location.pathname.replace(/\/$/, "") + "/status", { headers: { Accept: "application/json" }, credentials: "same-origin" });
      if (response.ok) show((await response.json()).status);
    } catch {
      // The next poll tries again.
    }
  };
  timer = setInterval(() => {
    const left = Math.max(0, Math.round((expires - Date.now()) / 1000));
    status.textContent = left > 0 ? `Waiting for your phone… ${left} s left.` : "Waiting for your phone…";
    if (left === 0 || !window.EventSource) poll();
  }, 1000);

  if (window.EventSource) {
    const events = new EventSource(location.pathname.replace(/\/$/, "") + "/events");
    events.addEventListener("status", (event) => {
      if (event.data !== "pending") events.close();
      show(event.data);
    });
    events.onerror = () => {
      events.close();
      if (!finished) setInterval(poll, 2000);
    };
  }
})();
