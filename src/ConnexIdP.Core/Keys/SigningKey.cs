using System.Security.Cryptography.X509Certificates;

namespace ConnexIdP.Core.Keys;

/// <summary>One signing key as found on disk: its certificate's validity start is the moment it starts signing.</summary>
public sealed record SigningKey(string KeyId, string Path, X509Certificate2 Certificate, DateTimeOffset ActivatesAt, SigningKeyState State, DateTimeOffset? RetiresAt);

public enum SigningKeyState
{
    /// <summary>Published in JWKS, not signing yet.</summary>
    Announced = 0,

    /// <summary>Signs new tokens.</summary>
    Active = 1,

    /// <summary>Replaced; still published and accepted until the tokens it signed have expired.</summary>
    Previous = 2,

    /// <summary>Past its retention: no longer loaded.</summary>
    Retired = 3,
}
