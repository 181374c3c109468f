using System.Collections.Concurrent;
using ConnexIdP.Core.Data;
using Microsoft.Extensions.Options;

namespace ConnexIdP.Core.Defence;

/// <summary>
/// The client-authentication counter keys this process saw authenticate with no failures on record, so that a client
/// presenting the right secret costs no read of its failure counters. Every failure counted on such a key increments
/// <see cref="ChangeCounter.ClientAuthenticationFailures"/> in the transaction that counts it (<see cref="ClientBackoff"/>):
/// another server drops what it knows within <see cref="SignInDefenceOptions.ClientFailureCheckInterval"/>, and this
/// process at once.
/// </summary>
/// <remarks>
/// An entry carries the <see cref="Label"/> taken <em>before</em> its counters were read, and counts only while the
/// label is current: the change counter's value (moved by any process) and this process's failure generation (moved
/// after each failure it committed). A failure committed after the label was taken therefore always outdates the entry.
/// Only keys that authenticated are added, so the set holds real clients and their addresses; past
/// <see cref="Capacity"/> it starts over.
/// </remarks>
public sealed class FailureFreeKeys
{
    public const int Capacity = 100_000;

    private readonly ConcurrentDictionary<string, Label> _keys = new(StringComparer.Ordinal);
    private readonly ChangeCounterWatch _watch;
    private long _generation;

    public FailureFreeKeys(TimeProvider clock, IOptionsMonitor<SignInDefenceOptions> options)
    {
        _watch = new ChangeCounterWatch(ChangeCounter.ClientAuthenticationFailures, clock, () => options.CurrentValue.ClientFailureCheckInterval, _keys.Clear);
    }

    /// <summary>What this process knew about failures at one moment; take it before reading counters.</summary>
    public readonly record struct Label(long Version, long Generation);

    public async ValueTask<Label> LabelAsync(ConnexDbContext db, CancellationToken cancellationToken)
    {
        // The generation first: a failure committed after this read moves it, whatever the watch answers.
        var generation = Volatile.Read(ref _generation);
        return new Label(await _watch.CurrentAsync(db, cancellationToken), generation);
    }

    /// <summary>Whether <paramref name="key"/> is known to have no failures, under the current <paramref name="label"/>.</summary>
    public bool Contains(string key, Label label) => _keys.TryGetValue(key, out var known) && known == label;

    /// <summary><paramref name="key"/> had no failures (or they were just forgotten) when its counters were read under <paramref name="label"/>.</summary>
    public void Add(string key, Label label)
    {
        if (label.Generation != Volatile.Read(ref _generation))
        {
            return;
        }

        if (_keys.Count >= Capacity)
        {
            _keys.Clear();
        }

        _keys[key] = label;
    }

    /// <summary>This process has committed a failure: nothing it knew holds any more, and the next label reads the counter.</summary>
    public void Forget()
    {
        Interlocked.Increment(ref _generation);
        _watch.Forget();
        _keys.Clear();
    }
}
