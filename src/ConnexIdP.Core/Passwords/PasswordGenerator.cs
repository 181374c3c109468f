using System.Security.Cryptography;

namespace ConnexIdP.Core.Passwords;

/// <summary>
/// Generates passwords for the system to hand out (for example an account's initial password): 20 characters drawn
/// uniformly by the CSPRNG from 55 letters and digits that cannot be mistaken for one another, about 115 bits.
/// </summary>
public sealed class PasswordGenerator(PasswordPolicy policy)
{
    public const int Length = 20;

    /// <summary>Digits 2-9 and letters without 0/O/o, 1/l/I/i: read aloud or copied by hand without mistakes.</summary>
    internal const string Alphabet = "23456789abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ";

    /// <summary>
    /// A new password that the policy accepts for a generated password of the account <paramref name="email"/>. A draw the
    /// policy refuses (a long run such as "abcdef" by chance, far below one in a million) is drawn again; this removes
    /// a negligible part of the 115 bits.
    /// </summary>
    public string Generate(string? email = null)
    {
        var context = new PasswordContext(email, PasswordOrigin.System);
        for (var attempt = 0; attempt < 32; attempt++)
        {
            var candidate = new string(RandomNumberGenerator.GetItems<char>(Alphabet, Length));
            if (policy.Check(candidate, context).IsAccepted)
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("No generated password met the password policy in 32 draws; check Passwords:Policy.");
    }
}
