using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using ConnexIdP.Core.Credentials;

namespace ConnexIdP.Core.Clients;

/// <summary>
/// Client secrets are at least 32 characters (generated ones carry 256 bits), so a slow hash buys nothing against
/// guessing; what protects them is a key outside the database. They are stored as HMAC-SHA256 under a key derived
/// from the pepper (<see cref="PepperedMac"/>), which makes the check on every token request cost microseconds instead
/// of milliseconds of PBKDF2.
/// </summary>
public sealed class ClientSecretHasher(PepperRing peppers)
{
    public const int MinimumSecretLength = 32;
    private const string Prefix = "$connexidp-secret$";

    private readonly PepperedMac _mac = new(peppers, Prefix, "ConnexIdP/client-secret/v1");

    /// <summary>A new secret with 256 bits of entropy, base64url without padding (43 characters).</summary>
    public static string Generate() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    public static bool IsOwnFormat(string stored) => stored.StartsWith(Prefix + "k=", StringComparison.Ordinal);

    /// <summary>The id of the pepper a stored secret was made under; false when the value is not in this format.</summary>
    public static bool TryReadPepperId(string? stored, [NotNullWhen(true)] out string? pepperId) => PepperedMac.TryReadPepperId(Prefix, stored, out pepperId);

    public string Hash(string secret) => _mac.Hash(secret);

    /// <summary>True when <paramref name="stored"/> was made under a pepper other than the current one.</summary>
    public bool NeedsRehash(string stored) => _mac.NeedsRehash(stored);

    public bool Verify(string secret, string stored) => _mac.Verify(secret, stored);
}
