using ConnexIdP.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace ConnexIdP.Core.Defence;

/// <summary>
/// Reads and changes <see cref="FailureCounter"/> rows with single SQL statements only (compare-and-swap updates,
/// increments, deletes): never a value read in C# and written back, so concurrent requests and server processes
/// cannot lose each other's failures. The one insert (a key's first failure) is decided by the primary key.
/// </summary>
public sealed class FailureCounterStore(ConnexDbContext db)
{
    public Task<FailureCounter?> ReadAsync(string key, CancellationToken cancellationToken) =>
        db.FailureCounters.AsNoTracking().FirstOrDefaultAsync(c => c.Key == key, cancellationToken);

    /// <summary>How many counters with failures have keys starting with <paramref name="prefix"/>.</summary>
    public Task<int> CountAsync(string prefix, CancellationToken cancellationToken) =>
        db.FailureCounters.CountAsync(c => c.Key.StartsWith(prefix) && c.Failures > 0, cancellationToken);

    /// <summary>
    /// Counts one more failure only if the counter is still as <paramref name="observed"/> (null: no row): true when this
    /// call counted it. Counting before the credential is checked is what stops parallel guesses slipping past a limit.
    /// </summary>
    public async Task<bool> TryClaimAsync(string key, FailureCounter? observed, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (observed is null)
        {
            return await TryInsertAsync(key, now, cancellationToken);
        }

        var failures = observed.Failures;
        var last = observed.LastFailureAt;
        var changed = await db.FailureCounters
            .Where(c => c.Key == key && c.Failures == failures && c.LastFailureAt == last)
            .ExecuteUpdateAsync(set => set.SetProperty(c => c.Failures, c => c.Failures + 1).SetProperty(c => c.LastFailureAt, now), cancellationToken);
        return changed == 1;
    }

    /// <summary>
    /// Puts the counter back as <paramref name="before"/> if it still holds exactly what a claim of <paramref name="claimed"/>
    /// failures at <paramref name="claimedAt"/> left; otherwise another attempt was counted since, and it stays as it is.
    /// </summary>
    public Task<int> TryRestoreAsync(string key, int claimed, DateTimeOffset claimedAt, FailureCounter? before, CancellationToken cancellationToken)
    {
        var current = db.FailureCounters.Where(c => c.Key == key && c.Failures == claimed && c.LastFailureAt == claimedAt);
        return before is null
            ? current.ExecuteDeleteAsync(cancellationToken)
            : current.ExecuteUpdateAsync(set => set.SetProperty(c => c.Failures, before.Failures).SetProperty(c => c.LastFailureAt, before.LastFailureAt), cancellationToken);
    }

    /// <summary>Counts one more failure, whatever the counter holds.</summary>
    public async Task AddFailureAsync(string key, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // Update, else insert; a concurrent first insert makes ours fail, and then the update finds the row.
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var changed = await db.FailureCounters.Where(c => c.Key == key)
                .ExecuteUpdateAsync(set => set.SetProperty(c => c.Failures, c => c.Failures + 1).SetProperty(c => c.LastFailureAt, now), cancellationToken);
            if (changed == 1 || await TryInsertAsync(key, now, cancellationToken))
            {
                return;
            }
        }

        throw new InvalidOperationException($"The failure counter '{key}' could neither be inserted nor updated.");
    }

    /// <summary>Forgets the failures of <paramref name="key"/> (a success).</summary>
    public Task<int> ResetAsync(string key, CancellationToken cancellationToken) =>
        db.FailureCounters.Where(c => c.Key == key).ExecuteDeleteAsync(cancellationToken);

    /// <summary>Forgets the failures of <paramref name="key"/> and of every key starting with <paramref name="prefix"/> (an unlock).</summary>
    public Task<int> ResetAsync(string key, string prefix, CancellationToken cancellationToken) =>
        db.FailureCounters.Where(c => c.Key == key || c.Key.StartsWith(prefix)).ExecuteDeleteAsync(cancellationToken);

    private async Task<bool> TryInsertAsync(string key, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var row = new FailureCounter { Key = key, Failures = 1, LastFailureAt = now };
        db.FailureCounters.Add(row);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException)
        {
            // Another request inserted the key first: the primary key decided.
            return false;
        }
        finally
        {
            db.Entry(row).State = EntityState.Detached;
        }
    }
}
