using ConnexIdP.Core.Credentials;
using ConnexIdP.Core.Defence;

namespace ConnexIdP.Core.Accounts;

/// <summary>
/// Outcome of a password check. Failure carries no reason: the caller must not tell unknown accounts apart.
/// <see cref="Busy"/> is set when nothing was checked because the hashing gate was at capacity, <see cref="Throttled"/>
/// when nothing was checked because the attempt's failure counter is in backoff or locked.
/// </summary>
public sealed record PasswordSignInResult(Account? Account, HashingBusy? Busy, DefenceRefusal? Throttled = null)
{
    public static readonly PasswordSignInResult Failed = new(null, null);

    public bool Succeeded => Account is not null;

    public static PasswordSignInResult Success(Account account) => new(account, null);

    public static PasswordSignInResult Refused(HashingBusy busy) => new(null, busy);

    public static PasswordSignInResult Refused(DefenceRefusal refusal) => new(null, null, refusal);
}
