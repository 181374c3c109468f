using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;
using ConnexIdP.Core.Credentials;

namespace ConnexIdP.Core.Clients;

/// <summary>
/// Client secrets are at least 32 characters (generated ones carry 256 bits), so a slow hash buys nothing against
/// guessing; what protects them is a key outside the database. They are stored as HMAC-SHA256 under a key derived
/// from the pepper, which makes the check on every token request cost microseconds instead of milliseconds of PBKDF2.
/// </summary>
public sealed class ClientSecretHasher(PepperRing peppers)
{
    public const int MinimumSecretLength = 32;
    private const string Prefix = "$connexidp-secret$k=";
    private static readonly byte[] Info = "ConnexIdP/client-secret/v1"u8.ToArray();

    /// <summary>A new secret with 256 bits of entropy, base64url without padding (43 characters).</summary>
    public static string Generate() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    public static bool IsOwnFormat(string stored) => stored.StartsWith(Prefix, StringComparison.Ordinal);

    public string Hash(string secret)
    {
        var pepper = peppers.Current;
        return Prefix + pepper.Id + "$" + Base64Url.EncodeToString(Mac(pepper, secret));
    }

    /// <summary>The id of the pepper a stored secret was made under; false when the value is not in this format.</summary>
    public static bool TryReadPepperId(string? stored, [NotNullWhen(true)] out string? pepperId)
    {
        pepperId = null;
        if (stored is null || !IsOwnFormat(stored))
        {
            return false;
        }

        var separator = stored.IndexOf('$', Prefix.Length);
        if (separator <= Prefix.Length)
        {
            return false;
        }

        pepperId = stored[Prefix.Length..separator];
        return true;
    }

    /// <summary>True when <paramref name="stored"/> was made under a pepper other than the current one.</summary>
    public bool NeedsRehash(string stored) => TryReadPepperId(stored, out var pepperId) && pepperId != peppers.Current.Id;

    public bool Verify(string secret, string stored)
    {
        if (!TryReadPepperId(stored, out var pepperId) || !peppers.TryGet(pepperId, out var pepper))
        {
            return false;
        }

        byte[] expected;
        try
        {
            expected = Base64Url.DecodeFromChars(stored.AsSpan(Prefix.Length + pepperId.Length + 1));
        }
        catch (FormatException)
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(Mac(pepper, secret), expected);
    }

    private static byte[] Mac(Pepper pepper, string secret)
    {
        Span<byte> key = stackalloc byte[32];
        HKDF.DeriveKey(HashAlgorithmName.SHA256, pepper.Key, key, salt: default, Info);
        return HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(secret));
    }
}
