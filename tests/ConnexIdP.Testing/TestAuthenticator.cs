using ConnexIdP.Core.SecondFactors;
using OtpNet;

namespace ConnexIdP.Testing;

/// <summary>An authenticator app in a test: it holds the secret read from the enrollment page and computes codes as a phone would.</summary>
public sealed class TestAuthenticator(string secret)
{
    private readonly byte[] _secret = Base32Encoding.ToBytes(secret.Replace(" ", string.Empty, StringComparison.Ordinal));

    /// <summary>The secret as base32 without spaces, as the page showed it.</summary>
    public string Secret { get; } = secret.Replace(" ", string.Empty, StringComparison.Ordinal);

    /// <summary>The code a phone shows at <paramref name="at"/> (SHA-1, 6 digits, 30 s: what enrollment hands out by default).</summary>
    public string CodeAt(DateTimeOffset at) => TotpCode.Compute(_secret, TotpAlgorithm.Sha1, 6, 30, at);

    /// <summary>From the key as a person types it (base32, spaces allowed).</summary>
    public static TestAuthenticator FromTypedKey(string key) => new(key.Trim());
}
