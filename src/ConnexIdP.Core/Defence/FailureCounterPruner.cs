using ConnexIdP.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OpenIddict.EntityFrameworkCore.Models;

namespace ConnexIdP.Core.Defence;

/// <summary>
/// Forgets the client-authentication failure counters nobody needs any more, so the table does not grow with every
/// client id and address an attacker tries: the counter of a client id no client has, and a source address's, once its
/// last failure is older than <see cref="SignInDefenceOptions.CounterRetention"/>. Client backoff only delays (it never
/// locks), so a counter that old delays nothing a fresh one would not.
/// </summary>
/// <remarks>
/// Email counters are kept: a real account's failures count until a success or an unlock (at most 100 in a row), so
/// dropping an unknown email's by age would make it answer differently from a dormant real account's, which tells the
/// two apart. Known-device counters are kept too: a device cookie is renewed by every completed sign-in, passkeys
/// included, which does not clear the device's password failures. Neither grows freely: every new email counter takes
/// a sign-in attempt that source detection counts (password spraying blocks an address after a few accounts), and a
/// device counter needs a device cookie, which only a completed sign-in gives.
/// </remarks>
public sealed class FailureCounterPruner(ConnexDbContext db, IOptions<SignInDefenceOptions> options, TimeProvider clock)
{
    /// <remarks>
    /// Each kind is one DELETE; the client lookup compares the unique, indexed client id with the part of the key after
    /// its prefix, so a large table costs one pass over the counters, not one per client.
    /// </remarks>
    public async Task<long> PruneAsync(CancellationToken cancellationToken)
    {
        var cutoff = clock.GetUtcNow() - options.Value.CounterRetention;
        var clientIds = CounterKey.ForClient(string.Empty);
        var sources = CounterKey.ForClientSource(string.Empty);
        var applications = db.Set<OpenIddictEntityFrameworkCoreApplication>();

        long removed = await db.FailureCounters
            .Where(c => c.Key.StartsWith(clientIds) && c.LastFailureAt < cutoff && !applications.Any(a => a.ClientId == c.Key.Substring(clientIds.Length)))
            .ExecuteDeleteAsync(cancellationToken);
        removed += await db.FailureCounters
            .Where(c => c.Key.StartsWith(sources) && c.LastFailureAt < cutoff)
            .ExecuteDeleteAsync(cancellationToken);
        return removed;
    }
}
