using Microsoft.Extensions.Options;

namespace ConnexIdP.Core.Credentials;

/// <summary>The peppers this process knows: the current one signs new hashes; others only verify.</summary>
public sealed class PepperRing
{
    private readonly Dictionary<string, Pepper> _peppers;

    public PepperRing(IEnumerable<Pepper> peppers, string currentId)
    {
        _peppers = peppers.ToDictionary(p => p.Id, StringComparer.Ordinal);
        Current = _peppers.TryGetValue(currentId, out var current)
            ? current
            : throw new InvalidOperationException($"The current pepper '{currentId}' is not configured.");
    }

    public Pepper Current { get; }

    public bool TryGet(string id, out Pepper pepper) => _peppers.TryGetValue(id, out pepper!);

    /// <summary>Reads the configured pepper; the message names what is missing and never the value.</summary>
    public static PepperRing FromOptions(IOptions<PasswordHashingOptions> options)
    {
        var section = options.Value.Pepper;
        string? encoded = section.Value;
        if (string.IsNullOrWhiteSpace(encoded) && !string.IsNullOrWhiteSpace(section.File))
        {
            var path = Path.GetFullPath(section.File);
            if (!File.Exists(path))
            {
                throw new InvalidOperationException($"Passwords:Pepper:File points to '{path}', which does not exist.");
            }

            encoded = File.ReadAllText(path).Trim();
        }

        if (string.IsNullOrWhiteSpace(encoded))
        {
            throw new InvalidOperationException(
                "No password pepper is configured. Set Passwords:Pepper:File to a file holding at least 32 random bytes in base64, " +
                "or the environment variable Passwords__Pepper__Value. The pepper must never be stored in the database.");
        }

        byte[] key;
        try
        {
            key = Convert.FromBase64String(encoded);
        }
        catch (FormatException)
        {
            throw new InvalidOperationException("The password pepper is not valid base64.");
        }

        if (key.Length < Pepper.MinimumLength)
        {
            throw new InvalidOperationException($"The password pepper must be at least {Pepper.MinimumLength} bytes; it has {key.Length}.");
        }

        return new PepperRing([new Pepper(section.Id, key)], section.Id);
    }
}
