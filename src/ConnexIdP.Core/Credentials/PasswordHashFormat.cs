using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace ConnexIdP.Core.Credentials;

/// <summary>
/// The stored form of a password hash, self-describing so parameters and peppers can change while old hashes verify:
/// <c>$connexidp$v=1$argon2id$m=65536,t=3,p=1$k=PEPPERID$SALT$HASH</c> (salt and hash in unpadded base64url).
/// </summary>
public sealed record PasswordHashFormat(int Version, Argon2Parameters Parameters, string PepperId, byte[] Salt, byte[] Hash)
{
    public const int CurrentVersion = 1;
    private const string Prefix = "$connexidp$";

    public string Encode() => string.Create(CultureInfo.InvariantCulture,
        $"{Prefix}v={Version}$argon2id$m={Parameters.MemoryKiB},t={Parameters.Iterations},p={Parameters.Parallelism}$k={PepperId}${Base64Url.EncodeToString(Salt)}${Base64Url.EncodeToString(Hash)}");

    /// <summary>
    /// True when this hash was made under the current pepper with costs at least today's; otherwise the next correct
    /// password rewrites it (a stronger cost is kept: lowering the configuration never weakens a stored hash).
    /// </summary>
    public bool IsUpToDate(Argon2Parameters parameters, string currentPepperId) =>
        Parameters.IsAtLeast(parameters) && PepperId == currentPepperId;

    public static bool TryParse(string? encoded, [NotNullWhen(true)] out PasswordHashFormat? format)
    {
        format = null;
        if (encoded is null || !encoded.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var parts = encoded[Prefix.Length..].Split('$');
        if (parts.Length != 6 || parts[1] != "argon2id" || !parts[0].StartsWith("v=", StringComparison.Ordinal) || !parts[3].StartsWith("k=", StringComparison.Ordinal))
        {
            return false;
        }

        if (!int.TryParse(parts[0].AsSpan(2), NumberStyles.None, CultureInfo.InvariantCulture, out var version) || version != CurrentVersion)
        {
            return false;
        }

        var costs = parts[2].Split(',');
        if (costs.Length != 3
            || !TryReadCost(costs[0], "m=", out var m) || !TryReadCost(costs[1], "t=", out var t) || !TryReadCost(costs[2], "p=", out var p))
        {
            return false;
        }

        try
        {
            var salt = Base64Url.DecodeFromChars(parts[4]);
            var hash = Base64Url.DecodeFromChars(parts[5]);
            if (salt.Length != 16 || hash.Length != Argon2id.OutputLength || parts[3].Length <= 2)
            {
                return false;
            }

            format = new PasswordHashFormat(version, new Argon2Parameters(m, t, p), parts[3][2..], salt, hash);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private static bool TryReadCost(string part, string name, out int value)
    {
        value = 0;
        return part.StartsWith(name, StringComparison.Ordinal)
            && int.TryParse(part.AsSpan(name.Length), NumberStyles.None, CultureInfo.InvariantCulture, out value)
            && value > 0;
    }
}
