using ConnexIdP.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OpenIddict.EntityFrameworkCore.Models;

namespace ConnexIdP.Core.Defence;

/// <summary>
/// Forgets the failure counters that can no longer protect anything, so the table does not grow with every email,
/// client id and address an attacker tries:
/// <list type="bullet">
/// <item>a known device's counter whose last failure is older than <see cref="SignInDefenceOptions.KnownDeviceLifetime"/>:
/// the cookie that reads it has expired (a later success from that device would have cleared it);</item>
/// <item>the counter of an email no account has, of a client id no client has, and a source address's
/// client-authentication counter, once its last failure is older than <see cref="SignInDefenceOptions.CounterRetention"/>.
/// An email counter at the permanent lockout stays: a real account's does until an administrator unlocks it, and an
/// unknown email's must look the same.</item>
/// </list>
/// An account's own counters are never forgotten by age: its consecutive failures count until a success or an unlock.
/// </summary>
public sealed class FailureCounterPruner(ConnexDbContext db, IOptions<SignInDefenceOptions> options, TimeProvider clock)
{
    /// <remarks>
    /// Each kind is one DELETE; the account and client lookups compare the unique, indexed columns with the part of the
    /// key after its prefix, so a large table costs one pass over the counters, not one per account.
    /// </remarks>
    public async Task<long> PruneAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var now = clock.GetUtcNow();
        var deviceCutoff = now - settings.KnownDeviceLifetime;
        var cutoff = now - settings.CounterRetention;
        var devices = CounterKey.DeviceKeysPrefix(Factors.Password);
        var emails = CounterKey.EmailKeysPrefix(Factors.Password);
        var clientIds = CounterKey.ForClient(string.Empty);
        var sources = CounterKey.ForClientSource(string.Empty);
        var permanent = settings.PermanentLockoutThreshold;
        var applications = db.Set<OpenIddictEntityFrameworkCoreApplication>();

        long removed = await db.FailureCounters
            .Where(c => c.Key.StartsWith(devices) && c.LastFailureAt < deviceCutoff)
            .ExecuteDeleteAsync(cancellationToken);
        removed += await db.FailureCounters
            .Where(c => c.Key.StartsWith(emails) && c.LastFailureAt < cutoff && c.Failures < permanent
                && !db.Accounts.Any(a => a.NormalizedEmail == c.Key.Substring(emails.Length)))
            .ExecuteDeleteAsync(cancellationToken);
        removed += await db.FailureCounters
            .Where(c => c.Key.StartsWith(clientIds) && c.LastFailureAt < cutoff && !applications.Any(a => a.ClientId == c.Key.Substring(clientIds.Length)))
            .ExecuteDeleteAsync(cancellationToken);
        removed += await db.FailureCounters
            .Where(c => c.Key.StartsWith(sources) && c.LastFailureAt < cutoff)
            .ExecuteDeleteAsync(cancellationToken);
        return removed;
    }
}
