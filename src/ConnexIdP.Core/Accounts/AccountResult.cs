using ConnexIdP.Core.Credentials;

namespace ConnexIdP.Core.Accounts;

public sealed record AccountResult(Account? Account, AccountError Error, string? Message)
{
    /// <summary>With <see cref="AccountError.Busy"/>: when to ask again.</summary>
    public int? RetryAfterSeconds { get; init; }

    public bool Succeeded => Error == AccountError.None;

    public static AccountResult Ok(Account account) => new(account, AccountError.None, null);

    public static AccountResult Fail(AccountError error, string message) => new(null, error, message);

    public static AccountResult Busy(HashingBusy busy) => new(null, AccountError.Busy, busy.Message) { RetryAfterSeconds = busy.RetryAfterSeconds };
}
