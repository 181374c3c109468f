namespace ConnexIdP.Core.Accounts;

/// <summary>Outcome of a password check. Failure carries no reason: the caller must not tell unknown accounts apart.</summary>
public sealed record PasswordSignInResult(Account? Account)
{
    public static readonly PasswordSignInResult Failed = new((Account?)null);

    public bool Succeeded => Account is not null;

    public static PasswordSignInResult Success(Account account) => new(account);
}
