using ConnexIdP.Core.Defence;

namespace ConnexIdP.Core.Accounts;

/// <summary>
/// The password backoff and lockout state of an email, for administrators: the counter of attempts from anywhere but
/// the account's known devices, and how many of its known devices have failures of their own.
/// </summary>
public sealed record PasswordLockout(string NormalizedEmail, string? AccountId, CounterState Account, int KnownDevicesWithFailures);
