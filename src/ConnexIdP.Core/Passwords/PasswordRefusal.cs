namespace ConnexIdP.Core.Passwords;

/// <summary>Why a password was refused: stable values for the API and for tests; the wording travels in <see cref="PasswordPolicyResult.Message"/>.</summary>
public enum PasswordRefusal
{
    None = 0,
    TooShort,
    TooLong,
    Blocklisted,
    ContextWord,
    Repetitive,
    Sequential,
    InvalidCharacters,
}
