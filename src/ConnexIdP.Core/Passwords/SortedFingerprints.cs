namespace ConnexIdP.Core.Passwords;

/// <summary>An in-memory blocklist: distinct fingerprints in ascending order, binary-searched (8 bytes an entry).</summary>
public sealed class SortedFingerprints
{
    private readonly ulong[] _values;

    private SortedFingerprints(ulong[] values) => _values = values;

    public int Count => _values.Length;

    /// <summary>Sorts and deduplicates <paramref name="values"/> in place and keeps the distinct ones.</summary>
    public static SortedFingerprints From(Span<ulong> values) => new(values[..SortDistinct(values)].ToArray());

    public bool Contains(ulong fingerprint) => _values.AsSpan().BinarySearch(fingerprint) >= 0;

    /// <summary>Sorts <paramref name="values"/> and moves the distinct ones to its front; returns how many there are.</summary>
    internal static int SortDistinct(Span<ulong> values)
    {
        if (values.IsEmpty)
        {
            return 0;
        }

        values.Sort();
        var distinct = 1;
        for (var i = 1; i < values.Length; i++)
        {
            if (values[i] != values[distinct - 1])
            {
                values[distinct++] = values[i];
            }
        }

        return distinct;
    }
}
