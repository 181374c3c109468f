using System.ComponentModel.DataAnnotations;

namespace ConnexIdP.Core.Passwords;

/// <summary>Configuration section <c>Passwords:Policy</c>: which NIST profile sets the lengths, the maximum, and extra context words.</summary>
public sealed class PasswordPolicyOptions : IValidatableObject
{
    public const string Section = "Passwords:Policy";

    /// <summary>NIST SP 800-63B asks verifiers to accept at least 64 characters.</summary>
    public const int LowestMaximumLength = 64;

    /// <summary>Long enough for any passphrase; the checks' cost grows with the length, so there is a ceiling.</summary>
    public const int HighestMaximumLength = 4096;

    public PasswordPolicyProfile Profile { get; set; } = PasswordPolicyProfile.Standard;

    /// <summary>Longest password accepted, in Unicode code points after NFC normalisation. Nothing is ever truncated.</summary>
    public int MaximumLength { get; set; } = 256;

    /// <summary>
    /// Words a password must not be built from, besides the product's names and the account's email: typically the
    /// organisation's and its products' names. Compared case-insensitively.
    /// </summary>
    public List<string> ContextWords { get; set; } = [];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Enum.IsDefined(Profile))
        {
            yield return new ValidationResult($"{Section}:Profile must be Standard or Rev4.", [nameof(Profile)]);
        }

        if (MaximumLength < LowestMaximumLength)
        {
            yield return new ValidationResult(
                $"{Section}:MaximumLength is {MaximumLength}; it must be at least {LowestMaximumLength}, as NIST SP 800-63B asks that passwords of 64 characters be accepted.",
                [nameof(MaximumLength)]);
        }
        else if (MaximumLength > HighestMaximumLength)
        {
            yield return new ValidationResult($"{Section}:MaximumLength is {MaximumLength}; it may be at most {HighestMaximumLength}.", [nameof(MaximumLength)]);
        }

        if (ContextWords.Any(word => !PasswordText.IsWellFormed(word)))
        {
            yield return new ValidationResult($"{Section}:ContextWords contains text that is not valid Unicode.", [nameof(ContextWords)]);
        }
    }
}
