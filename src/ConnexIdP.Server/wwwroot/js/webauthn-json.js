// WebAuthn over JSON, shared by the pages' ceremonies (webauthn.js) and ConnexIdP Approve (approve/approve.js): the
// server's options carry binary fields in base64url; the browser's answer goes back as the JSON Fido2 reads.
window.ConnexWebAuthn = (() => {
  const decode = (text) => {
    const base64 = text.replace(/-/g, "+").replace(/_/g, "/");
    const binary = atob(base64 + "===".slice((base64.length + 3) % 4));
    return Uint8Array.from(binary, (c) => c.charCodeAt(0));
  };
  const encode = (buffer) => {
    let binary = "";
    for (const byte of new Uint8Array(buffer)) binary += String.fromCharCode(byte);
    return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  };
  const creationOptions = (options) => ({
    ...options,
    challenge: decode(options.challenge),
    user: { ...options.user, id: decode(options.user.id) },
    excludeCredentials: (options.excludeCredentials || []).map((c) => ({ ...c, id: decode(c.id) })),
  });
  const requestOptions = (options) => ({
    ...options,
    challenge: decode(options.challenge),
    allowCredentials: (options.allowCredentials || []).map((c) => ({ ...c, id: decode(c.id) })),
  });
  const credentialJson = (credential) => {
    const r = credential.response;
    const response = r.attestationObject
      ? { attestationObject: encode(r.attestationObject), clientDataJSON: encode(r.clientDataJSON), transports: r.getTransports ? r.getTransports() : [] }
      : { authenticatorData: encode(r.authenticatorData), signature: encode(r.signature), clientDataJSON: encode(r.clientDataJSON), userHandle: r.userHandle ? encode(r.userHandle) : null };
    const results = credential.getClientExtensionResults();
    return JSON.stringify({ id: credential.id, rawId: encode(credential.rawId), type: credential.type, response, extensions: results, clientExtensionResults: results });
  };
  return { decode, encode, creationOptions, requestOptions, credentialJson };
})();
