using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace ConnexIdP.Core.Credentials;

/// <summary>
/// Hashes and verifies passwords: NFC normalisation, an HMAC-SHA256 pre-hash keyed with the pepper (so nothing is
/// ever truncated and the database alone is useless offline), then Argon2id over a salt built from 128 random bits
/// and a seasoning derived from the account's normalised email (so a hash cannot be moved to another account).
/// </summary>
public sealed class PasswordHasher
{
    private static readonly byte[] SaltLabel = "ConnexIdP/password-salt/v1"u8.ToArray();
    private static readonly byte[] SeasoningLabel = "ConnexIdP/password-seasoning/v1"u8.ToArray();

    private readonly PepperRing _peppers;
    private readonly Argon2Parameters _parameters;
    private readonly Lazy<string> _decoy;

    public PasswordHasher(PepperRing peppers, IOptions<PasswordHashingOptions> options)
    {
        _peppers = peppers;
        _parameters = options.Value.Argon2.ToParameters();

        // A hash nobody's password matches, under today's parameters: verifying against it for unknown
        // accounts costs exactly what a real verification costs.
        _decoy = new Lazy<string>(() => Hash(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)), "decoy@connexidp.invalid"));
    }

    public Argon2Parameters Parameters => _parameters;

    public string Hash(string password, string normalizedEmail)
    {
        ArgumentNullException.ThrowIfNull(password);
        ArgumentNullException.ThrowIfNull(normalizedEmail);

        var random = RandomNumberGenerator.GetBytes(16);
        var pepper = _peppers.Current;
        var hash = Compute(password, normalizedEmail, random, pepper, _parameters);
        return new PasswordHashFormat(PasswordHashFormat.CurrentVersion, _parameters, pepper.Id, random, hash).Encode();
    }

    /// <summary>Verifies <paramref name="password"/>; a null or unreadable stored hash costs the same as a real check and fails.</summary>
    public PasswordVerificationResult Verify(string? storedHash, string password, string normalizedEmail)
    {
        ArgumentNullException.ThrowIfNull(password);
        ArgumentNullException.ThrowIfNull(normalizedEmail);

        if (!PasswordHashFormat.TryParse(storedHash, out var stored) || !_peppers.TryGet(stored.PepperId, out var pepper))
        {
            VerifyDecoy(password);
            return PasswordVerificationResult.Failed;
        }

        var computed = Compute(password, normalizedEmail, stored.Salt, pepper, stored.Parameters);
        if (!CryptographicOperations.FixedTimeEquals(computed, stored.Hash))
        {
            return PasswordVerificationResult.Failed;
        }

        return stored.IsUpToDate(_parameters, _peppers.Current.Id)
            ? PasswordVerificationResult.Success
            : PasswordVerificationResult.SuccessRehashNeeded;
    }

    /// <summary>Spends the time of one verification without any account, so unknown emails cannot be told apart by timing.</summary>
    public void VerifyDecoy(string password)
    {
        if (PasswordHashFormat.TryParse(_decoy.Value, out var decoy))
        {
            _ = Compute(password, "decoy@connexidp.invalid", decoy.Salt, _peppers.Current, decoy.Parameters);
        }
    }

    internal static byte[] Compute(string password, string normalizedEmail, ReadOnlySpan<byte> random, Pepper pepper, Argon2Parameters parameters)
    {
        var normalized = password.Normalize(NormalizationForm.FormC);
        var passwordBytes = Encoding.UTF8.GetBytes(normalized);
        Span<byte> prehash = stackalloc byte[32];
        Span<byte> salt = stackalloc byte[Argon2id.SaltLength];
        var output = new byte[Argon2id.OutputLength];
        try
        {
            HMACSHA256.HashData(pepper.Key, passwordBytes, prehash);
            DeriveSalt(random, normalizedEmail, salt);
            Argon2id.DeriveBytes(prehash, salt, parameters, output);
            return output;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(passwordBytes);
            CryptographicOperations.ZeroMemory(prehash);
        }
    }

    /// <summary>Argon2 salt = first 16 bytes of SHA-256(label ‖ random ‖ SHA-256(seasoning label ‖ email)).</summary>
    internal static void DeriveSalt(ReadOnlySpan<byte> random, string normalizedEmail, Span<byte> salt)
    {
        Span<byte> seasoning = stackalloc byte[32];
        using (var season = IncrementalHash.CreateHash(HashAlgorithmName.SHA256))
        {
            season.AppendData(SeasoningLabel);
            season.AppendData(Encoding.UTF8.GetBytes(normalizedEmail));
            season.GetHashAndReset(seasoning);
        }

        Span<byte> digest = stackalloc byte[32];
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(SaltLabel);
        hash.AppendData(random);
        hash.AppendData(seasoning);
        hash.GetHashAndReset(digest);
        digest[..Argon2id.SaltLength].CopyTo(salt);
    }
}
