using System.Buffers;
using System.Text;

namespace ConnexIdP.Core.Passwords;

/// <summary>
/// How password text is read before any rule: well-formed UTF-16, NFC (as <see cref="Credentials.PasswordHasher"/>
/// hashes it), counted in code points; lists and context words compare a lower-cased form of it.
/// </summary>
internal static class PasswordText
{
    public enum Problem
    {
        None = 0,

        /// <summary>A lone surrogate: not a character at all, and <see cref="string.Normalize()"/> throws on it.</summary>
        BrokenUnicode,

        /// <summary>
        /// A C0 or C1 control character (tab, line break, NUL...). They are not printing characters in NIST's sense, a
        /// browser moves focus on tab, the CLI reads a password up to the line break, and C APIs stop at NUL: a
        /// password holding one could be set but not typed again.
        /// </summary>
        ControlCharacter,
    }

    public static Problem Scan(ReadOnlySpan<char> text)
    {
        while (!text.IsEmpty)
        {
            if (Rune.DecodeFromUtf16(text, out var rune, out var used) != OperationStatus.Done)
            {
                return Problem.BrokenUnicode;
            }

            if (Rune.IsControl(rune))
            {
                return Problem.ControlCharacter;
            }

            text = text[used..];
        }

        return Problem.None;
    }

    public static bool IsWellFormed(string text) => Scan(text) != Problem.BrokenUnicode;

    /// <summary>NFC; the text must be well-formed (see <see cref="Scan"/>).</summary>
    public static string Normalize(string text) =>
        text.IsNormalized(NormalizationForm.FormC) ? text : text.Normalize(NormalizationForm.FormC);

    /// <summary>Lower-cased NFC, the form compared with lists and context words; the text must be NFC already.</summary>
    public static string Comparable(string normalized)
    {
        var lower = normalized.ToLowerInvariant();
        return lower.IsNormalized(NormalizationForm.FormC) ? lower : lower.Normalize(NormalizationForm.FormC);
    }

    /// <summary>The comparable form of any text, or null when it is not well-formed Unicode (such text is in no list).</summary>
    public static string? TryComparable(string text) => IsWellFormed(text) ? Comparable(Normalize(text)) : null;

    public static int CountCodePoints(string text)
    {
        var count = 0;
        foreach (var _ in text.EnumerateRunes())
        {
            count++;
        }

        return count;
    }

    public static int[] CodePoints(string text)
    {
        var points = new int[CountCodePoints(text)];
        var i = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            points[i++] = rune.Value;
        }

        return points;
    }

    public static string FromCodePoints(ReadOnlySpan<int> points)
    {
        var text = new StringBuilder(points.Length);
        foreach (var point in points)
        {
            text.Append(new Rune(point));
        }

        return text.ToString();
    }
}
