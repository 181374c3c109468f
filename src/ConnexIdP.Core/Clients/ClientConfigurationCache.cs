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
public sealed class ClientConfigurationCache
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly ChangeCounterWatch _watch;

    public ClientConfigurationCache(TimeProvider clock, IOptionsMonitor<ClientCacheOptions> options)
    {
        _watch = new ChangeCounterWatch(ChangeCounter.ClientConfiguration, clock, () => options.CurrentValue.ChangeCheckInterval, _entries.Clear);
    }

    /// <summary>The value under <paramref name="key"/>, loaded with <paramref name="load"/> when absent or out of date.</summary>
    public async ValueTask<T?> GetOrLoadAsync<T>(
        ConnexDbContext db, string key, Func<CancellationToken, ValueTask<T?>> load, CancellationToken cancellationToken)
        where T : class
    {
        var version = await _watch.CurrentAsync(db, cancellationToken);
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
        ChangeCounterWatch.IncrementAsync(db, ChangeCounter.ClientConfiguration, cancellationToken);

    /// <summary>Drops every entry and makes the next read check the counter.</summary>
    public void Forget()
    {
        _watch.Forget();
        _entries.Clear();
    }

    private sealed record Entry(long Version, object Value);
}
