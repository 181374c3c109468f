namespace ConnexIdP.Testing;

/// <summary>A credential held by a <see cref="VirtualAuthenticator"/>, as Chromium reports it.</summary>
public sealed record VirtualCredential(byte[] Id, string? RelyingPartyId, bool IsDiscoverable, long SignCount);
