using System.Runtime.InteropServices;
using System.Text;

namespace ConnexIdP.Core.Passwords;

/// <summary>
/// The blocklist that ships with the product, built in memory from the lists embedded in the zxcvbn-core package (used
/// as a data source only, never for its scoring): the 30,000 most common passwords of the xato corpus, 30,000 English
/// words, first names, surnames and words from US television and film, about 94,000 entries in all. Every entry is
/// kept: a long word is refused as a whole password, and a short one is what the policy recognises in a word with a
/// few digits or symbols added ("monkey1984!").
/// </summary>
public static class ShippedBlocklist
{
    private static readonly string[] Lists = ["passwords", "english", "female_names", "male_names", "surnames", "us_tv_and_film"];

    private static readonly Lazy<SortedFingerprints> Shared = new(Build);

    /// <summary>Built once per process on first use; immutable, so every policy instance shares it.</summary>
    public static SortedFingerprints Default => Shared.Value;

    public static SortedFingerprints Build()
    {
        var assembly = typeof(Zxcvbn.Zxcvbn).Assembly;
        var fingerprints = new List<ulong>(100_000);
        foreach (var list in Lists)
        {
            var resource = $"zxcvbn-core.Dictionaries.{list}.lst";
            using var stream = assembly.GetManifestResourceStream(resource)
                ?? throw new InvalidOperationException($"The zxcvbn-core package no longer embeds '{resource}': the shipped password blocklist cannot be built.");
            using var reader = new StreamReader(stream, Encoding.UTF8);
            for (var line = reader.ReadLine(); line is not null; line = reader.ReadLine())
            {
                if (PasswordFingerprint.OfListLine(line) is { } fingerprint)
                {
                    fingerprints.Add(fingerprint);
                }
            }
        }

        return SortedFingerprints.From(CollectionsMarshal.AsSpan(fingerprints));
    }
}
