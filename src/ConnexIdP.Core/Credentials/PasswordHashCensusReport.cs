namespace ConnexIdP.Core.Credentials;

/// <summary>
/// What the stored credentials are made with, against this process's configuration: enough for an operator to know
/// when a previous pepper or an old Argon2 cost is no longer needed.
/// </summary>
/// <param name="Accounts">Every account, with or without a password.</param>
/// <param name="WithoutPassword">Accounts that have no password hash.</param>
/// <param name="Unreadable">Password hashes not in the product's format: they never verify.</param>
/// <param name="RehashPending">Hashes that verify but not under the current pepper and costs: rewritten at their account's next sign-in.</param>
/// <param name="Peppers">The current pepper, then the previous ones in configuration order, then ids found but not configured.</param>
/// <param name="Parameters">Today's costs first, then every other set found, most used first.</param>
public sealed record PasswordHashCensusReport(
    long Accounts,
    long WithoutPassword,
    long Unreadable,
    long RehashPending,
    IReadOnlyList<PepperUsage> Peppers,
    IReadOnlyList<Argon2Usage> Parameters);
