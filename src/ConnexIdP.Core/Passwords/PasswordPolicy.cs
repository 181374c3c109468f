using System.Text;
using Microsoft.Extensions.Options;

namespace ConnexIdP.Core.Passwords;

/// <summary>
/// The one place that decides whether a new password is acceptable (NIST SP 800-63B): length in code points after NFC,
/// never truncated; every printing character and Unicode accepted; no composition rules; refused when it is a known
/// password, or mostly context words, repetition or sequences. Each refusal says why in words the UI can show.
/// </summary>
public sealed class PasswordPolicy
{
    private readonly PasswordPolicyOptions _options;
    private readonly PasswordBlocklist _blocklist;
    private readonly IReadOnlyList<int[]> _configuredWords;

    public PasswordPolicy(IOptions<PasswordPolicyOptions> options, PasswordBlocklist blocklist)
    {
        _options = options.Value;
        _blocklist = blocklist;
        _configuredWords = ContextWords.Prepare([.. ContextWords.ProductNames, .. _options.ContextWords]);
    }

    public PasswordPolicyProfile Profile => _options.Profile;

    public int MaximumLength => _options.MaximumLength;

    /// <summary>The fewest characters (code points) a password needs in this context; the UI shows it.</summary>
    public int MinimumLength(PasswordContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return _options.Profile switch
        {
            PasswordPolicyProfile.Rev4 => context.HasSecondFactor ? 8 : 15,
            _ => context.Origin == PasswordOrigin.System ? 6 : 8,
        };
    }

    public PasswordPolicyResult Check(string password, PasswordContext context)
    {
        ArgumentNullException.ThrowIfNull(password);
        ArgumentNullException.ThrowIfNull(context);

        switch (PasswordText.Scan(password))
        {
            case PasswordText.Problem.BrokenUnicode:
                return PasswordPolicyResult.BrokenUnicode;
            case PasswordText.Problem.ControlCharacter:
                return PasswordPolicyResult.ControlCharacter;
        }

        var normalized = PasswordText.Normalize(password);
        var length = PasswordText.CountCodePoints(normalized);
        if (length > _options.MaximumLength)
        {
            return PasswordPolicyResult.TooLong(_options.MaximumLength, length);
        }

        var minimum = MinimumLength(context);
        if (length < minimum)
        {
            return PasswordPolicyResult.TooShort(minimum, length);
        }

        var comparable = PasswordText.Comparable(normalized);
        if (_blocklist.ContainsComparable(comparable))
        {
            return PasswordPolicyResult.Listed;
        }

        var text = PasswordText.CodePoints(comparable);
        IReadOnlyList<int[]> words = [.. _configuredWords, .. ContextWords.Prepare(ContextWords.FromEmail(context.Email))];
        var analysis = PasswordPatterns.Analyse(text, words, ListedWordInside(text));
        if (analysis.EffectiveLength >= minimum)
        {
            return PasswordPolicyResult.Accepted;
        }

        return analysis.Cause switch
        {
            PasswordRefusal.ContextWord => PasswordPolicyResult.ContextWord,
            PasswordRefusal.Repetitive => PasswordPolicyResult.Repetitive,
            PasswordRefusal.Sequential => PasswordPolicyResult.Sequential,
            _ => PasswordPolicyResult.ListedWithDecoration,
        };
    }

    /// <summary>
    /// Whether the password is in the blocklist as a whole (case-insensitively, after NFC). For sign-in: a password the
    /// list has learned about since it was set can be flagged and a change asked for.
    /// </summary>
    public bool IsKnownPassword(string password) => _blocklist.Contains(password);

    /// <summary>
    /// Where the password, without its leading and trailing digits, symbols and spaces, is a listed password or word
    /// ("monkey" in "Monkey1984!"); null when it is not, or when nothing was set aside.
    /// </summary>
    private (int Start, int Length)? ListedWordInside(int[] text)
    {
        var start = Array.FindIndex(text, IsLetter);
        var end = Array.FindLastIndex(text, IsLetter) + 1;
        if (start < 0 || (start == 0 && end == text.Length))
        {
            return null;
        }

        return _blocklist.ContainsComparable(PasswordText.FromCodePoints(text.AsSpan(start, end - start))) ? (start, end - start) : null;
    }

    private static bool IsLetter(int point) => Rune.IsLetter(new Rune(point));
}
