namespace ConnexIdP.Core.SecondFactors;

/// <summary>The HMAC of a TOTP authenticator (RFC 6238 §1.2). Authenticator apps expect SHA-1; the others exist for the few that support them.</summary>
public enum TotpAlgorithm
{
    Sha1,
    Sha256,
    Sha512,
}
