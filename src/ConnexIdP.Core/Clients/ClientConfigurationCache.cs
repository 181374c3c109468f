using System.Collections.Concurrent;
using ConnexIdP.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ConnexIdP.Core.Clients;

/// <summary>
/// Clients and scopes as read from the database, kept across requests. Every change to a client or scope, by any process
/// (the server, the CLI, another server), increments <see cref="ChangeCounter.ClientConfiguration"/> in the transaction
/// that makes the change; a server reads that one row at most once per <see cref="ClientCacheOptions.ChangeCheckInterval"/>
/// and drops everything it holds when the value moved. A removed client, a new secret or a narrower permission therefore
/// reaches every server within that interval, and at once in the process that made it.
/// </summary>
/// <remarks>
/// Entries are labelled with the counter value read <em>before</em> they were loaded, so an entry is never newer-labelled
/// than its content. Only hits are kept: an unknown client id costs a query each time, and cannot fill memory.
/// The cached entities are shared between requests and are read-only: the managers delete through the request's own
/// copy of the row, and nothing in the product updates a client or scope in place.
/// </remarks>
public sealed class ClientConfigurationCache(TimeProvider clock, IOptionsMonitor<ClientCacheOptions> options)
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private long _version = -1;
    private long _checkedAt;

    /// <summary>The value under <paramref name="key"/>, loaded with <paramref name="load"/> when absent or out of date.</summary>
    public async ValueTask<T?> GetOrLoadAsync<T>(
        ConnexDbContext db, string key, Func<CancellationToken, ValueTask<T?>> load, CancellationToken cancellationToken)
        where T : class
    {
        var version = await CurrentVersionAsync(db, cancellationToken);
        if (_entries.TryGetValue(key, out var entry) && entry.Version == version)
        {
            return (T)entry.Value;
        }

        var value = await load(cancellationToken);
        if (value is not null)
        {
            _entries[key] = new Entry(version, value);
        }

        return value;
    }

    /// <summary>
    /// Increments the change counter through <paramref name="db"/>; call it inside the transaction of the change, then
    /// <see cref="Forget"/> once it has committed.
    /// </summary>
    public static Task RecordChangeAsync(ConnexDbContext db, CancellationToken cancellationToken) =>
        db.ChangeCounters
            .Where(c => c.Name == ChangeCounter.ClientConfiguration)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.Value, c => c.Value + 1), cancellationToken);

    /// <summary>Drops every entry and makes the next read check the counter.</summary>
    public void Forget()
    {
        lock (_gate)
        {
            _version = -1;
            _entries.Clear();
        }
    }

    private async ValueTask<long> CurrentVersionAsync(ConnexDbContext db, CancellationToken cancellationToken)
    {
        long version, checkedAt;
        lock (_gate)
        {
            version = _version;
            checkedAt = _checkedAt;
        }

        var interval = options.CurrentValue.ChangeCheckInterval;
        if (version >= 0 && interval > TimeSpan.Zero && clock.GetElapsedTime(checkedAt) < interval)
        {
            return version;
        }

        var startedAt = clock.GetTimestamp();
        var current = await db.ChangeCounters.AsNoTracking()
            .Where(c => c.Name == ChangeCounter.ClientConfiguration)
            .Select(c => c.Value)
            .FirstOrDefaultAsync(cancellationToken);

        lock (_gate)
        {
            // Concurrent checks may finish out of order: only the most recently started one decides.
            if (startedAt >= _checkedAt || _version < 0)
            {
                if (current != _version)
                {
                    _entries.Clear();
                    _version = current;
                }

                _checkedAt = startedAt;
            }

            return _version;
        }
    }

    private sealed record Entry(long Version, object Value);
}
