// ConnexIdP Approve's service worker: keeps the app's shell for when the network is away (it then says it cannot
// connect); everything else, and the API above all, always goes to the network. Nothing of an account is cached.
const shellCache = "connexidp-approve-shell-v1";
const shell = ["/approve/", "/approve/approve.js", "/js/webauthn-json.js", "/css/site.css", "/approve/manifest.webmanifest", "/approve/icon.svg", "/approve/icon-192.png"];

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(shellCache).then((cache) => cache.addAll(shell)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((key) => key !== shellCache).map((key) => caches.delete(key))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("fetch", (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== "GET" || url.origin !== self.location.origin || url.pathname.startsWith("/approve/api/")) return;
  event.respondWith(fetch(event.request).catch(() => caches.match(event.request, { ignoreSearch: true })));
});
