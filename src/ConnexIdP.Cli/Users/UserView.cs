using ConnexIdP.Core.Accounts;

namespace ConnexIdP.Cli.Users;

/// <summary>What the CLI shows of an account: chosen field by field, so the password hash and security stamp never leave.</summary>
internal sealed record UserView(
    string Id, string Email, string? DisplayName, AccountStatus Status, bool IsAdmin, DateTimeOffset CreatedAt, PasswordChangeReason? PasswordChangeRequired)
{
    public static UserView From(Account account) =>
        new(account.Id, account.Email, account.DisplayName, account.Status, account.IsAdmin, account.CreatedAt, account.PasswordChangeRequired);
}

/// <summary>An account with the generated password an administrator hands over: shown once, never stored in clear.</summary>
internal sealed record GeneratedPasswordView(UserView Account, string Password);
