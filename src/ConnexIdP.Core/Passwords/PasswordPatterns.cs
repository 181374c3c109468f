using System.Text;

namespace ConnexIdP.Core.Passwords;

/// <summary>
/// How much of a password is guessable structure. The password is read left to right; at each position the longest of
/// these is taken: a context word (counts as nothing), a known word with only digits or symbols around it, a run of
/// alphabet, digit or keyboard-row sequence, or a repeat of text seen just before (each counts as one character).
/// What is left, the effective length, must still meet the minimum: "alice-correct-horse-battery" for alice@ keeps 22
/// characters and passes, "alice2024!" keeps 5 and does not; a passphrase that merely contains "123" loses 2.
/// </summary>
internal static class PasswordPatterns
{
    /// <summary>Shortest alphabet or digit run that counts as a sequence ("abc", "321").</summary>
    private const int ShortestAlphabetRun = 3;

    /// <summary>Shortest keyboard run that counts: "wer", "ert" and "tyu" are too common inside English words.</summary>
    private const int ShortestKeyboardRun = 4;

    /// <summary>Shortest repeat of earlier text that counts ("abcabc" repeats 3).</summary>
    private const int ShortestRepeat = 3;

    /// <summary>How far back a repeat is looked for, which bounds the work on long passwords.</summary>
    private const int RepeatWindow = 256;

    /// <summary>Rows of QWERTY, AZERTY and QWERTZ keyboards (the digit row shifted too), read in both directions.</summary>
    private static readonly int[][] KeyboardRows = new[]
    {
        "`1234567890-=", "~!@#$%^&*()_+", "qwertyuiop[]\\", "asdfghjkl;'", "zxcvbnm,./",
        "azertyuiop", "qsdfghjklm", "wxcvbn", "qwertzuiop", "yxcvbnm",
    }.SelectMany(row => new[] { row, new string(row.Reverse().ToArray()) }).Select(row => row.Select(c => (int)c).ToArray()).ToArray();

    private static readonly int RefusalKinds = Enum.GetValues<PasswordRefusal>().Length;

    public readonly record struct Analysis(int EffectiveLength, PasswordRefusal Cause);

    /// <param name="text">The password's code points, in comparable form (lower-cased NFC).</param>
    /// <param name="contextWords">Context words in the same form.</param>
    /// <param name="knownWord">Where a listed word sits once leading and trailing digits and symbols are set aside, if it does.</param>
    /// <returns>The effective length, and the kind of structure that took most from it.</returns>
    public static Analysis Analyse(ReadOnlySpan<int> text, IReadOnlyList<int[]> contextWords, (int Start, int Length)? knownWord)
    {
        // Code points each kind of structure took away, indexed by the refusal it would cause.
        Span<int> removed = stackalloc int[RefusalKinds];
        var effective = 0;
        for (var i = 0; i < text.Length;)
        {
            var rest = text[i..];
            var best = Stretch.None;
            foreach (var word in contextWords)
            {
                if (rest.StartsWith(word))
                {
                    best = Stretch.Longer(best, new Stretch(word.Length, 0, PasswordRefusal.ContextWord));
                }
            }

            if (knownWord is { } known && known.Start == i)
            {
                best = Stretch.Longer(best, new Stretch(known.Length, 1, PasswordRefusal.Blocklisted));
            }

            best = Stretch.Longer(best, new Stretch(SequenceLength(rest), 1, PasswordRefusal.Sequential));
            best = Stretch.Longer(best, new Stretch(RepeatLength(text, i), 1, PasswordRefusal.Repetitive));
            if (best.Length == 0)
            {
                effective++;
                i++;
                continue;
            }

            effective += best.Counts;
            removed[(int)best.Kind] += best.Length - best.Counts;
            i += best.Length;
        }

        var cause = PasswordRefusal.None;
        var most = 0;
        foreach (var kind in (ReadOnlySpan<PasswordRefusal>)[PasswordRefusal.ContextWord, PasswordRefusal.Repetitive, PasswordRefusal.Sequential, PasswordRefusal.Blocklisted])
        {
            if (removed[(int)kind] > most)
            {
                (most, cause) = (removed[(int)kind], kind);
            }
        }

        return new Analysis(effective, cause);
    }

    /// <summary>A stretch of structure: how many code points it covers and how many it counts for.</summary>
    private readonly record struct Stretch(int Length, int Counts, PasswordRefusal Kind)
    {
        public static Stretch None => new(0, 1, PasswordRefusal.None);

        /// <summary>The longer stretch; of two as long, the one that counts for less (a context word over a repeat).</summary>
        public static Stretch Longer(Stretch current, Stretch candidate) =>
            candidate.Length > current.Length || (candidate.Length == current.Length && candidate.Length > 0 && candidate.Counts < current.Counts)
                ? candidate
                : current;
    }

    /// <summary>Length of the alphabet, digit or keyboard run starting the text, or 0 when it is too short to count.</summary>
    private static int SequenceLength(ReadOnlySpan<int> text)
    {
        var longest = 0;
        if (text.Length >= ShortestAlphabetRun && SameClass(text[0], text[1]) && Math.Abs(text[1] - text[0]) == 1)
        {
            var step = text[1] - text[0];
            var end = 1;
            while (end + 1 < text.Length && text[end + 1] - text[end] == step && SameClass(text[end], text[end + 1]))
            {
                end++;
            }

            longest = end + 1 >= ShortestAlphabetRun ? end + 1 : 0;
        }

        foreach (var row in KeyboardRows)
        {
            var start = Array.IndexOf(row, text[0]);
            if (start < 0)
            {
                continue;
            }

            var run = 1;
            while (run < text.Length && start + run < row.Length && row[start + run] == text[run])
            {
                run++;
            }

            if (run >= ShortestKeyboardRun)
            {
                longest = Math.Max(longest, run);
            }
        }

        return longest;
    }

    private static bool SameClass(int a, int b)
    {
        var (x, y) = (new Rune(a), new Rune(b));
        return (Rune.IsLetter(x) && Rune.IsLetter(y)) || (Rune.IsDigit(x) && Rune.IsDigit(y));
    }

    /// <summary>Length of the longest repeat, starting at <paramref name="start"/>, of text that starts within the window before it.</summary>
    private static int RepeatLength(ReadOnlySpan<int> text, int start)
    {
        var longest = 0;
        for (var from = Math.Max(0, start - RepeatWindow); from < start; from++)
        {
            var length = 0;
            while (start + length < text.Length && text[from + length] == text[start + length])
            {
                length++;
            }

            longest = Math.Max(longest, length);
        }

        return longest >= ShortestRepeat ? longest : 0;
    }
}
