// ConnexIdP Approve: registers this phone with a one-time link code (a WebAuthn credential made with the screen lock),
// opens with that credential, receives the account's waiting sign-ins by server-sent events (polling when they fail),
// and answers one by signing a challenge over the request, the number picked and the decision. The page keeps no
// secret: local storage holds only the device id and its credential id, which open nothing without the phone's key.
(() => {
  const api = "/approve/api";
  const storageKey = "connexidp-approve";
  const $ = (id) => document.getElementById(id);
  const views = ["setup", "locked", "waiting", "request", "result"];
  let device = null;
  let events = null;
  let pollTimer = null;
  let answering = false;
  let shown = null;
  let countdown = null;

  const load = () => {
    try {
      return JSON.parse(localStorage.getItem(storageKey) || "null");
    } catch {
      return null;
    }
  };
  const save = (value) => localStorage.setItem(storageKey, JSON.stringify(value));

  const { decode, creationOptions, requestOptions, credentialJson } = window.ConnexWebAuthn;

  const show = (name) => {
    for (const view of views) $(view).hidden = view !== name;
  };
  const fail = (message) => {
    $("approve-error").textContent = message || "";
  };
  const describeDevice = () => {
    for (const element of document.querySelectorAll(".account-name")) element.textContent = device ? device.account || "" : "";
    $("device-name").textContent = device ? `This phone: ${device.name}` : "";
  };

  const call = async (method, path, fields) => {
    const response = await fetch(api + path, {
      method,
      body: fields ? new URLSearchParams(fields) : undefined,
      credentials: "same-origin",
      headers: { Accept: "application/json", "X-ConnexIdP-Approve": "1" },
    });
    const answer = await response.json().catch(() => ({}));
    if (!response.ok) {
      const error = new Error(answer.error || "The server did not answer. Try again.");
      error.status = response.status;
      error.gone = Boolean(answer.gone);
      throw error;
    }
    return answer;
  };

  const forget = (message) => {
    disconnect();
    localStorage.removeItem(storageKey);
    device = null;
    describeDevice();
    show("setup");
    fail(message);
  };

  const opened = (answer) => {
    device = { deviceId: answer.deviceId, credentialId: answer.credentialId, name: answer.name, account: answer.account };
    save(device);
    describeDevice();
    fail("");
    connect();
  };

  const setUp = async (code) => {
    const start = await call("POST", "/enroll/options", { code });
    const credential = await navigator.credentials.create({ publicKey: creationOptions(start.options) });
    opened(await call("POST", "/enroll", { challengeId: start.challengeId, credential: credentialJson(credential) }));
    history.replaceState(null, "", location.pathname);
  };

  const unlock = async () => {
    const start = await call("POST", "/unlock/options", { deviceId: device.deviceId });
    const credential = await navigator.credentials.get({ publicKey: requestOptions(start.options) });
    opened(await call("POST", "/unlock", { challengeId: start.challengeId, credential: credentialJson(credential) }));
  };

  const disconnect = () => {
    if (events) events.close();
    events = null;
    clearTimeout(pollTimer);
  };

  // What a failed read of the requests means: locked (sign in again with the phone), gone (removed), or a network hiccup.
  const readFailed = (error) => {
    disconnect();
    if (error.gone || error.status === 410) forget(error.message);
    else if (error.status === 401) show("locked");
    else {
      $("connection").textContent = "Reconnecting…";
      pollTimer = setTimeout(poll, 2000);
    }
  };

  const poll = async () => {
    try {
      render((await call("GET", "/requests")).requests);
      $("connection").textContent = "Connected (checking every few seconds).";
      pollTimer = setTimeout(poll, 2000);
    } catch (error) {
      readFailed(error);
    }
  };

  const connect = () => {
    disconnect();
    if (!answering) show("waiting");
    if (!window.EventSource) {
      poll();
      return;
    }
    events = new EventSource(api + "/events");
    events.addEventListener("requests", (event) => {
      $("connection").textContent = "Connected.";
      render(JSON.parse(event.data).requests);
    });
    events.addEventListener("removed", (event) => forget(JSON.parse(event.data).error));
    events.onerror = () => {
      // Closed by the server (it ends streams now and then) or refused: ask once what it is, then carry on.
      if (events && events.readyState === EventSource.CLOSED) {
        events = null;
        call("GET", "/requests").then(() => connect(), readFailed);
      }
    };
  };

  const render = (requests) => {
    if (answering) return;
    const request = requests[0];
    if (!request) {
      shown = null;
      clearInterval(countdown);
      if (!$("result").hidden) return;
      show("waiting");
      return;
    }
    if (shown && shown.id === request.id && !$("request").hidden) return;
    shown = request;
    fail("");
    $("request-client").textContent = request.client;
    $("request-time").textContent = new Date(request.createdAt).toLocaleTimeString();
    $("request-source").textContent = request.source || "unknown address";
    $("request-browser").textContent = request.browser;
    const choices = $("choices");
    choices.replaceChildren();
    for (const number of request.choices) {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "choice";
      button.textContent = String(number);
      button.dataset.number = String(number);
      button.addEventListener("click", () => answer(request, number, "approve"));
      choices.append(button);
    }
    clearInterval(countdown);
    const tick = () => {
      const left = Math.max(0, Math.round((Date.parse(request.expiresAt) - Date.now()) / 1000));
      $("request-left").textContent = left > 0 ? `${left} s left to answer.` : "This request has expired.";
    };
    tick();
    countdown = setInterval(tick, 1000);
    show("request");
  };

  // The challenge the device signs: SHA-256 of "connexidp-approval-v1|id|number|decision|" followed by the request's nonce.
  const challengeFor = async (request, number, decision) => {
    const text = new TextEncoder().encode(`connexidp-approval-v1|${request.id}|${decision === "approve" ? number : "-"}|${decision}|`);
    const nonce = decode(request.nonce);
    const input = new Uint8Array(text.length + nonce.length);
    input.set(text, 0);
    input.set(nonce, text.length);
    return new Uint8Array(await crypto.subtle.digest("SHA-256", input));
  };

  const answer = async (request, number, decision) => {
    if (answering) return;
    answering = true;
    fail("");
    for (const button of document.querySelectorAll("#request button")) button.disabled = true;
    try {
      const credential = await navigator.credentials.get({
        publicKey: {
          challenge: await challengeFor(request, number, decision),
          allowCredentials: [{ type: "public-key", id: decode(device.credentialId) }],
          userVerification: "required",
          timeout: 60000,
        },
      });
      const result = await call("POST", "/answer", {
        requestId: request.id,
        number: decision === "approve" ? String(number) : "",
        decision,
        credential: credentialJson(credential),
      });
      clearInterval(countdown);
      $("result-title").textContent = result.status === "approved" ? "Approved" : result.status === "denied" ? "Sign-in refused" : "Not approved";
      $("result-message").textContent = result.message + (result.suspendedUntil ? ` Approvals are paused until ${new Date(result.suspendedUntil).toLocaleString()}.` : "");
      $("result-password").hidden = !result.changePassword;
      show("result");
    } catch (error) {
      if (error.gone || error.status === 410) {
        forget(error.message);
      } else if (error.status === 401 && !error.name?.startsWith("NotAllowed")) {
        show("locked");
        fail(error.message);
      } else {
        fail(error.name === "NotAllowedError" ? "Your phone did not confirm. Pick the number again." : error.message);
      }
    } finally {
      answering = false;
      for (const button of document.querySelectorAll("#request button")) button.disabled = false;
    }
  };

  document.addEventListener("DOMContentLoaded", () => {
    if ("serviceWorker" in navigator) navigator.serviceWorker.register("/approve/sw.js", { scope: "/approve/" }).catch(() => {});
    if (!window.PublicKeyCredential) {
      fail("This browser cannot create the key this app needs. Open the link in your phone's main browser.");
      return;
    }

    $("setup-form").addEventListener("submit", async (event) => {
      event.preventDefault();
      fail("");
      $("setup-button").disabled = true;
      try {
        await setUp($("enroll-code").value);
      } catch (error) {
        fail(error.name === "NotAllowedError" ? "Your phone did not create the key: it was cancelled, or the screen lock is not set up." : error.message);
      } finally {
        $("setup-button").disabled = false;
      }
    });
    $("unlock-button").addEventListener("click", async () => {
      fail("");
      try {
        await unlock();
      } catch (error) {
        if (error.gone || error.status === 410) forget(error.message);
        else fail(error.name === "NotAllowedError" ? "Your phone did not confirm. Try again." : error.message);
      }
    });
    $("deny-button").addEventListener("click", () => shown && answer(shown, null, "deny"));
    $("result-back").addEventListener("click", () => {
      shown = null;
      connect();
    });

    const link = new URLSearchParams(location.hash.slice(1)).get("enroll");
    device = load();
    describeDevice();
    if (link) {
      $("enroll-code").value = link;
      show("setup");
    } else if (!device) {
      show("setup");
    } else {
      // Already open when the phone's cookie is still valid; else its screen lock opens it.
      call("GET", "/requests").then(() => connect(), readFailed);
    }
  });
})();
