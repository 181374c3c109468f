namespace ConnexIdP.Core.Passwords;

/// <summary>
/// The words a password must not be built from: the product's names, the operator's <c>Passwords:Policy:ContextWords</c>,
/// and what the account's email gives (the address, its local part and that part's pieces between . _ - + and digits,
/// the domain's labels but the last). Pieces under 4 characters are dropped: they are too common to mean anything.
/// </summary>
internal static class ContextWords
{
    public const int ShortestWord = 4;

    public static readonly IReadOnlyList<string> ProductNames = ["connexidp", "connex"];

    private static readonly char[] LocalPartSeparators = ['.', '_', '-', '+', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];

    /// <summary>The words in comparable form (lower-cased NFC), as code points; short and malformed ones left out.</summary>
    public static IReadOnlyList<int[]> Prepare(IEnumerable<string> words) =>
        words.Select(word => PasswordText.TryComparable(word.Trim()))
            .OfType<string>()
            .Distinct(StringComparer.Ordinal)
            .Select(PasswordText.CodePoints)
            .Where(word => word.Length >= ShortestWord)
            .ToList();

    public static IEnumerable<string> FromEmail(string? email)
    {
        if (string.IsNullOrWhiteSpace(email))
        {
            yield break;
        }

        var address = email.Trim();
        yield return address;
        var at = address.LastIndexOf('@');
        var local = at < 0 ? address : address[..at];
        yield return local;
        foreach (var piece in local.Split(LocalPartSeparators, StringSplitOptions.RemoveEmptyEntries))
        {
            yield return piece;
        }

        if (at >= 0)
        {
            var labels = address[(at + 1)..].Split('.', StringSplitOptions.RemoveEmptyEntries);
            foreach (var label in labels.SkipLast(1))
            {
                yield return label;
            }
        }
    }
}
