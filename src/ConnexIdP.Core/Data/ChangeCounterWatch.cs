using Microsoft.EntityFrameworkCore;

namespace ConnexIdP.Core.Data;

/// <summary>
/// One process's view of a <see cref="ChangeCounter"/> row, for a cache shared by every process on the database: the
/// row is read at most once per interval and answered from memory in between, so what a cache labels with
/// <see cref="CurrentAsync"/>'s value is dropped within that interval of a change made by any process.
/// </summary>
/// <param name="name">The counter's <see cref="ChangeCounter.Name"/>.</param>
/// <param name="interval">How long a value read from the database may be answered from memory; zero reads on every call.</param>
/// <param name="changed">Called under the watch's lock when a read finds the counter moved: the cache drops what it holds.</param>
public sealed class ChangeCounterWatch(string name, TimeProvider clock, Func<TimeSpan> interval, Action changed)
{
    private readonly Lock _gate = new();
    private long _version = -1;
    private long _checkedAt;

    /// <summary>The counter's value, read from the database when the last read is older than the interval.</summary>
    public async ValueTask<long> CurrentAsync(ConnexDbContext db, CancellationToken cancellationToken)
    {
        long version, checkedAt;
        lock (_gate)
        {
            version = _version;
            checkedAt = _checkedAt;
        }

        var every = interval();
        if (version >= 0 && every > TimeSpan.Zero && clock.GetElapsedTime(checkedAt) < every)
        {
            return version;
        }

        var startedAt = clock.GetTimestamp();
        var current = await db.ChangeCounters.AsNoTracking()
            .Where(c => c.Name == name)
            .Select(c => c.Value)
            .FirstOrDefaultAsync(cancellationToken);

        lock (_gate)
        {
            // Concurrent checks may finish out of order: only the most recently started one decides.
            if (startedAt >= _checkedAt || _version < 0)
            {
                if (current != _version)
                {
                    changed();
                    _version = current;
                }

                _checkedAt = startedAt;
            }

            return _version;
        }
    }

    /// <summary>Makes the next <see cref="CurrentAsync"/> read the database: this process has just committed a change.</summary>
    public void Forget()
    {
        lock (_gate)
        {
            _version = -1;
        }
    }

    /// <summary>
    /// Increments the counter <paramref name="name"/> through <paramref name="db"/>; call it inside the transaction of the
    /// change, so the change and the increment commit together. The row must exist (<see cref="EnsureExistsAsync"/>).
    /// </summary>
    public static Task<int> IncrementAsync(ConnexDbContext db, string name, CancellationToken cancellationToken) =>
        db.ChangeCounters
            .Where(c => c.Name == name)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.Value, c => c.Value + 1), cancellationToken);

    /// <summary>
    /// Inserts the counter <paramref name="name"/> at zero unless it exists, outside any transaction: counters that no
    /// migration seeds are created by their first writer, and the primary key settles a race between two.
    /// </summary>
    public static async Task EnsureExistsAsync(ConnexDbContext db, string name, CancellationToken cancellationToken)
    {
        if (await db.ChangeCounters.AsNoTracking().AnyAsync(c => c.Name == name, cancellationToken))
        {
            return;
        }

        var row = new ChangeCounter { Name = name, Value = 0 };
        db.ChangeCounters.Add(row);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another writer inserted it first.
        }
        finally
        {
            db.Entry(row).State = EntityState.Detached;
        }
    }
}
