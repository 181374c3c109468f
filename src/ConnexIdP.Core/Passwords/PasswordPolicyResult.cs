namespace ConnexIdP.Core.Passwords;

/// <summary>
/// The policy's answer. <see cref="Message"/> is written for the person choosing the password and may be shown as is;
/// it says why, never repeats the password, and is the only place these texts live.
/// </summary>
public sealed record PasswordPolicyResult(PasswordRefusal Refusal, string? Message)
{
    public static PasswordPolicyResult Accepted { get; } = new(PasswordRefusal.None, null);

    public bool IsAccepted => Refusal == PasswordRefusal.None;

    internal static PasswordPolicyResult TooShort(int minimum, int length) =>
        new(PasswordRefusal.TooShort, $"Use at least {minimum} characters; this one has {length}.");

    internal static PasswordPolicyResult TooLong(int maximum, int length) =>
        new(PasswordRefusal.TooLong, $"Use at most {maximum} characters; this one has {length}.");

    internal static PasswordPolicyResult BrokenUnicode { get; } = new(PasswordRefusal.InvalidCharacters,
        "This password contains an incomplete Unicode character (half of a surrogate pair). Please type it again.");

    internal static PasswordPolicyResult ControlCharacter { get; } = new(PasswordRefusal.InvalidCharacters,
        "This password contains a control character, such as a tab or a line break, which cannot be typed reliably on every device.");

    internal static PasswordPolicyResult Listed { get; } = new(PasswordRefusal.Blocklisted,
        "This password appears in a list of commonly used or breached passwords.");

    internal static PasswordPolicyResult ListedWithDecoration { get; } = new(PasswordRefusal.Blocklisted,
        "This password is a commonly used password or word with only a few digits or symbols added.");

    internal static PasswordPolicyResult ContextWord { get; } = new(PasswordRefusal.ContextWord,
        "Don't build your password mainly from your email address, the service's name or your organisation's name.");

    // The examples are shorter than any minimum length, so no acceptable-length password can appear inside a message.
    internal static PasswordPolicyResult Repetitive { get; } = new(PasswordRefusal.Repetitive,
        "Avoid passwords made mostly of repeated characters or patterns, such as 'aaaa' or 'abab'.");

    internal static PasswordPolicyResult Sequential { get; } = new(PasswordRefusal.Sequential,
        "Avoid passwords made mostly of sequences of letters, digits or neighbouring keys, such as 'abcd', '4321' or 'qwer'.");
}
