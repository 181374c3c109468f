using ConnexIdP.Core.Credentials;
using ConnexIdP.Core.Defence;

namespace ConnexIdP.Core.Accounts;

public sealed record AccountResult(Account? Account, AccountError Error, string? Message)
{
    /// <summary>With <see cref="AccountError.Busy"/>: when to ask again.</summary>
    public int? RetryAfterSeconds { get; init; }

    public bool Succeeded => Error == AccountError.None;

    public static AccountResult Ok(Account account) => new(account, AccountError.None, null);

    public static AccountResult Fail(AccountError error, string message) => new(null, error, message);

    public static AccountResult Throttled(DefenceRefusal refusal) =>
        new(null, AccountError.Throttled, refusal.Message) { RetryAfterSeconds = refusal.RetryAfterSeconds };

    public static AccountResult Busy(HashingBusy busy) => new(null, AccountError.Busy, busy.Message) { RetryAfterSeconds = busy.RetryAfterSeconds };
}
