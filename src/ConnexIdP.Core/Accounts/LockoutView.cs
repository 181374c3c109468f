using System.Globalization;

namespace ConnexIdP.Core.Accounts;

/// <summary>What <c>users lockout</c> and <c>GET /admin/api/accounts/{email}/lockout</c> show of an email's password counters.</summary>
public sealed record LockoutView(
    string Email, string? AccountId, int Failures, DateTimeOffset? LastFailureAt, DateTimeOffset? NextAttemptAt, bool UntilUnlocked, int KnownDevicesWithFailures)
{
    public static LockoutView From(PasswordLockout state) =>
        new(state.NormalizedEmail, state.AccountId, state.Account.Failures, state.Account.LastFailureAt, state.Account.NextAttemptAt,
            state.Account.UntilUnlocked, state.KnownDevicesWithFailures);

    public string Describe()
    {
        var who = AccountId is null ? $"{Email} (no account)" : Email;
        var when = UntilUnlocked
            ? "locked until an administrator unlocks it (connexidp users unlock)"
            : NextAttemptAt is { } next ? "next attempt accepted at " + next.ToString("u", CultureInfo.InvariantCulture) : "attempts accepted now";
        return string.Create(CultureInfo.InvariantCulture,
            $"{who}: {Failures} consecutive failure(s); {when}; {KnownDevicesWithFailures} known device(s) with failures of their own.");
    }
}
