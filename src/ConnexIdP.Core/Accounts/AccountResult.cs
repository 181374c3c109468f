namespace ConnexIdP.Core.Accounts;

public sealed record AccountResult(Account? Account, AccountError Error, string? Message)
{
    public bool Succeeded => Error == AccountError.None;

    public static AccountResult Ok(Account account) => new(account, AccountError.None, null);

    public static AccountResult Fail(AccountError error, string message) => new(null, error, message);
}
