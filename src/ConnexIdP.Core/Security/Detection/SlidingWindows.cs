namespace ConnexIdP.Core.Security.Detection;

/// <summary>
/// Per key, the observations of the last <c>window</c>, in memory. Bounded: at most <c>maxItems</c> per key (a rule
/// never needs more than its threshold) and <c>maxKeys</c> keys (beyond that the keys with nothing recent are dropped,
/// then the oldest half). Counts are per process: each server detects on what it sees, while the blocks it places are
/// in the database and enforced by every server.
/// </summary>
internal sealed class SlidingWindows<TKey, TItem>(TimeSpan window, int maxItems, int maxKeys) where TKey : notnull
{
    private readonly Dictionary<TKey, Queue<(DateTimeOffset At, TItem Item)>> _windows = [];
    private readonly Lock _lock = new();

    /// <summary>Adds <paramref name="item"/> under <paramref name="key"/> and measures what the key's window now holds.</summary>
    public T Add<T>(TKey key, TItem item, DateTimeOffset now, Func<IReadOnlyCollection<TItem>, T> measure)
    {
        lock (_lock)
        {
            if (!_windows.TryGetValue(key, out var entries))
            {
                if (_windows.Count >= maxKeys)
                {
                    Sweep(now);
                }

                entries = new Queue<(DateTimeOffset, TItem)>();
                _windows[key] = entries;
            }

            Expire(entries, now);
            entries.Enqueue((now, item));
            if (entries.Count > maxItems)
            {
                entries.Dequeue();
            }

            return measure([.. entries.Select(e => e.Item)]);
        }
    }

    /// <summary>Starts the key's count again (after it fired, so one attack is reported once per threshold).</summary>
    public void Forget(TKey key)
    {
        lock (_lock)
        {
            _windows.Remove(key);
        }
    }

    public int KeyCount
    {
        get
        {
            lock (_lock)
            {
                return _windows.Count;
            }
        }
    }

    private void Expire(Queue<(DateTimeOffset At, TItem Item)> entries, DateTimeOffset now)
    {
        while (entries.Count > 0 && entries.Peek().At <= now - window)
        {
            entries.Dequeue();
        }
    }

    private void Sweep(DateTimeOffset now)
    {
        foreach (var (key, entries) in _windows.ToList())
        {
            Expire(entries, now);
            if (entries.Count == 0)
            {
                _windows.Remove(key);
            }
        }

        if (_windows.Count >= maxKeys)
        {
            foreach (var key in _windows.OrderBy(p => p.Value.Last().At).Take(_windows.Count / 2).Select(p => p.Key).ToList())
            {
                _windows.Remove(key);
            }
        }
    }
}
