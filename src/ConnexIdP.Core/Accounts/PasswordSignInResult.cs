using ConnexIdP.Core.Credentials;

namespace ConnexIdP.Core.Accounts;

/// <summary>
/// Outcome of a password check. Failure carries no reason: the caller must not tell unknown accounts apart.
/// <see cref="Busy"/> is set when nothing was checked because the hashing gate was at capacity.
/// </summary>
public sealed record PasswordSignInResult(Account? Account, HashingBusy? Busy)
{
    public static readonly PasswordSignInResult Failed = new(null, null);

    public bool Succeeded => Account is not null;

    public static PasswordSignInResult Success(Account account) => new(account, null);

    public static PasswordSignInResult Refused(HashingBusy busy) => new(null, busy);
}
