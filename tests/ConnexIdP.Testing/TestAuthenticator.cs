using ConnexIdP.Core.SecondFactors;
using OtpNet;

namespace ConnexIdP.Testing;

/// <summary>
/// An authenticator app in a test: set up from the key a person would type in (base32, spaces allowed), it shows the
/// code for any time, as Google Authenticator would with the defaults (SHA-1, 6 digits, 30 s).
/// </summary>
public sealed class TestAuthenticator(byte[] secret)
{
    public static TestAuthenticator FromTypedKey(string key) =>
        new(Base32Encoding.ToBytes(key.Replace(" ", string.Empty, StringComparison.Ordinal).Trim()));

    public string CodeAt(DateTimeOffset time) => TotpCode.Compute(secret, TotpAlgorithm.Sha1, 6, 30, time);
}
