using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;

namespace ConnexIdP.Core.Credentials;

/// <summary>
/// Stores generated high-entropy secrets (client secrets, recovery codes) as HMAC-SHA256 under a key derived from the
/// pepper for one purpose: a slow hash buys nothing against guessing a random secret, and what protects the stored
/// values is a key outside the database. Stored as <c>{prefix}k={pepper id}${base64url MAC}</c>, so a value made
/// under a previous pepper still verifies and can be recognised for renewal.
/// </summary>
public sealed class PepperedMac
{
    private readonly PepperRing _peppers;
    private readonly string _prefix;
    private readonly byte[] _purpose;

    public PepperedMac(PepperRing peppers, string prefix, string purpose)
    {
        _peppers = peppers;
        _prefix = prefix + "k=";
        _purpose = Encoding.UTF8.GetBytes(purpose);
    }

    public string Hash(string secret)
    {
        var pepper = _peppers.Current;
        return _prefix + pepper.Id + "$" + Base64Url.EncodeToString(Mac(pepper, secret));
    }

    /// <summary>The id of the pepper a stored value was made under; false when the value is not in this format.</summary>
    public bool TryReadPepperId(string? stored, [NotNullWhen(true)] out string? pepperId) => TryReadPepperId(_prefix, stored, out pepperId);

    /// <summary>As the instance method, for values stored with <paramref name="prefix"/>, without any pepper at hand.</summary>
    public static bool TryReadPepperId(string prefix, string? stored, [NotNullWhen(true)] out string? pepperId)
    {
        pepperId = null;
        var format = prefix.EndsWith("k=", StringComparison.Ordinal) ? prefix : prefix + "k=";
        if (stored is null || !stored.StartsWith(format, StringComparison.Ordinal))
        {
            return false;
        }

        var separator = stored.IndexOf('$', format.Length);
        if (separator <= format.Length)
        {
            return false;
        }

        pepperId = stored[format.Length..separator];
        return true;
    }

    /// <summary>True when <paramref name="stored"/> was made under a pepper other than the current one.</summary>
    public bool NeedsRehash(string stored) => TryReadPepperId(stored, out var pepperId) && pepperId != _peppers.Current.Id;

    public bool Verify(string secret, string stored)
    {
        if (!TryReadPepperId(stored, out var pepperId) || !_peppers.TryGet(pepperId, out var pepper))
        {
            return false;
        }

        byte[] expected;
        try
        {
            expected = Base64Url.DecodeFromChars(stored.AsSpan(_prefix.Length + pepperId.Length + 1));
        }
        catch (FormatException)
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(Mac(pepper, secret), expected);
    }

    private byte[] Mac(Pepper pepper, string secret)
    {
        Span<byte> key = stackalloc byte[32];
        HKDF.DeriveKey(HashAlgorithmName.SHA256, pepper.Key, key, salt: default, _purpose);
        return HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(secret));
    }
}
