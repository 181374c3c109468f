namespace ConnexIdP.Core.Credentials;

/// <summary>How many hashes each email and each source address has running or waiting, against their caps (0: no cap).</summary>
internal sealed class PartitionTallies(int perAccount, int perSource)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, int> _accounts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _sources = new(StringComparer.Ordinal);

    /// <summary>Counts the hash in both of its partitions, or in neither when either is at its cap.</summary>
    public bool TryEnter(HashingPartition partition)
    {
        lock (_lock)
        {
            if (!HasRoom(_accounts, partition.Account, perAccount) || !HasRoom(_sources, partition.Source, perSource))
            {
                return false;
            }

            Add(_accounts, partition.Account, 1);
            Add(_sources, partition.Source, 1);
            return true;
        }
    }

    public void Leave(HashingPartition partition)
    {
        lock (_lock)
        {
            Add(_accounts, partition.Account, -1);
            Add(_sources, partition.Source, -1);
        }
    }

    private static bool HasRoom(Dictionary<string, int> counts, string? key, int cap) =>
        key is null || cap == 0 || counts.GetValueOrDefault(key) < cap;

    // Entries leave at zero, so the tallies never hold more keys than there are hashes running or waiting.
    private static void Add(Dictionary<string, int> counts, string? key, int delta)
    {
        if (key is null)
        {
            return;
        }

        var count = counts.GetValueOrDefault(key) + delta;
        if (count == 0)
        {
            counts.Remove(key);
        }
        else
        {
            counts[key] = count;
        }
    }
}
