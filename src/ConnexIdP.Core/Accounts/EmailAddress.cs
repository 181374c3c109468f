using System.Globalization;
using System.Net.Mail;
using System.Text;

namespace ConnexIdP.Core.Accounts;

/// <summary>
/// Email normalisation used for uniqueness, sign-in lookup and the password seasoning:
/// trimmed, NFC, IDN domain in ASCII, lower-cased invariantly. The local part is kept as typed apart from case.
/// </summary>
public static class EmailAddress
{
    private static readonly IdnMapping Idn = new();

    public const int MaxLength = 254;

    public static bool TryNormalize(string? input, out string normalized)
    {
        normalized = string.Empty;
        if (string.IsNullOrWhiteSpace(input))
        {
            return false;
        }

        var trimmed = input.Trim().Normalize(NormalizationForm.FormC);
        if (trimmed.Length > MaxLength || trimmed.Any(char.IsControl) || trimmed.Any(char.IsWhiteSpace))
        {
            return false;
        }

        var at = trimmed.LastIndexOf('@');
        if (at <= 0 || at == trimmed.Length - 1)
        {
            return false;
        }

        string domain;
        try
        {
            domain = Idn.GetAscii(trimmed[(at + 1)..]);
        }
        catch (ArgumentException)
        {
            return false;
        }

        var candidate = string.Concat(trimmed.AsSpan(0, at), "@", domain).ToLowerInvariant();
        if (!MailAddress.TryCreate(candidate, out var parsed) || !string.Equals(parsed.Address, candidate, StringComparison.Ordinal))
        {
            return false;
        }

        normalized = candidate;
        return true;
    }
}
