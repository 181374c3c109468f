using ConnexIdP.Core.Passwords;

namespace ConnexIdP.Core.Accounts;

public sealed record NewAccount(string Email, string? DisplayName, string Password, bool IsAdmin)
{
    /// <summary>Who chose the password: a generated one may be shorter (see <see cref="PasswordPolicy"/>).</summary>
    public PasswordOrigin Origin { get; init; } = PasswordOrigin.Person;

    /// <summary>Set for a generated initial password, which the person must replace at the first sign-in.</summary>
    public PasswordChangeReason? PasswordChangeRequired { get; init; }
}
