using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace ConnexIdP.Core.Credentials;

/// <summary>
/// Reads the peppers that <see cref="PasswordHashingOptions"/> names, the current one and the previous ones, for the
/// start-up check and for <see cref="PepperRing"/> alike. Every problem names its configuration key, never the secret.
/// </summary>
internal static partial class ConfiguredPeppers
{
    private const string CurrentKey = "Passwords:Pepper";
    private const string PreviousKey = "Passwords:PreviousPeppers";

    /// <summary>
    /// The configured peppers, current first, and what is wrong with them. <paramref name="peppers"/> is empty unless the
    /// list of problems is.
    /// </summary>
    public static IReadOnlyList<string> Read(PasswordHashingOptions options, out IReadOnlyList<Pepper> peppers)
    {
        var problems = new List<string>();
        var read = new List<(string Key, Pepper Pepper)>();
        ReadOne(options.Pepper, CurrentKey, isCurrent: true, read, problems);
        for (var i = 0; i < options.PreviousPeppers.Count; i++)
        {
            ReadOne(options.PreviousPeppers[i], $"{PreviousKey}:{i}", isCurrent: false, read, problems);
        }

        for (var i = 0; i < read.Count; i++)
        {
            for (var j = 0; j < i; j++)
            {
                var (key, pepper) = read[i];
                var (otherKey, other) = read[j];
                if (pepper.Id == other.Id)
                {
                    problems.Add($"{key}:Id '{pepper.Id}' is also the id of {otherKey}: a hash names its pepper by id, so each id must name one secret.");
                }
                else if (CryptographicOperations.FixedTimeEquals(pepper.Key, other.Key))
                {
                    problems.Add($"{key} holds the same secret as {otherKey}: a new pepper needs a new secret (for example from 'openssl rand -base64 32').");
                }
            }
        }

        peppers = problems.Count == 0 ? [.. read.Select(r => r.Pepper)] : [];
        return problems;
    }

    private static void ReadOne(PasswordHashingOptions.PepperSection section, string key, bool isCurrent, List<(string, Pepper)> read, List<string> problems)
    {
        var idIsValid = section.Id is not null && IdPattern().IsMatch(section.Id);
        if (!idIsValid)
        {
            // The value is not repeated: a secret pasted into the wrong key must not reach a log.
            problems.Add(section.Id is null
                ? $"{key}:Id is missing: every hash names its pepper by id, and a previous pepper keeps the id it had when it was current."
                : $"{key}:Id must be 1 to 32 letters, digits, '-' or '_' (it is written into every hash made under the pepper).");
        }

        var secret = ReadSecret(section, key, isCurrent, problems);
        if (idIsValid && secret is not null)
        {
            read.Add((key, new Pepper(section.Id!, secret)));
        }
    }

    private static byte[]? ReadSecret(PasswordHashingOptions.PepperSection section, string key, bool isCurrent, List<string> problems)
    {
        string encoded;
        string source;
        if (!string.IsNullOrWhiteSpace(section.Value))
        {
            encoded = section.Value;
            source = $"{key}:Value";
        }
        else if (!string.IsNullOrWhiteSpace(section.File))
        {
            var path = Path.GetFullPath(section.File);
            source = $"{key}:File '{path}'";
            if (!File.Exists(path))
            {
                problems.Add($"{source} does not exist.");
                return null;
            }

            try
            {
                encoded = File.ReadAllText(path).Trim();
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                problems.Add($"{source} cannot be read: {exception.Message}");
                return null;
            }
        }
        else
        {
            problems.Add(isCurrent
                ? "No password pepper is configured: set Passwords:Pepper:File (a file with at least 32 random bytes in base64) or the environment variable Passwords__Pepper__Value. The pepper must never be stored in the database."
                : $"{key} has neither File nor Value: a previous pepper is the secret that was current, kept so that the hashes made under it still verify.");
            return null;
        }

        byte[] secret;
        try
        {
            secret = Convert.FromBase64String(encoded);
        }
        catch (FormatException)
        {
            problems.Add($"{source} is not valid base64.");
            return null;
        }

        if (secret.Length < Pepper.MinimumLength)
        {
            problems.Add($"{source} decodes to {secret.Length} bytes; a pepper needs at least {Pepper.MinimumLength} (for example from 'openssl rand -base64 32').");
            return null;
        }

        return secret;
    }

    [GeneratedRegex(@"^[A-Za-z0-9_-]{1,32}\z")]
    private static partial Regex IdPattern();
}
