using System.Collections.Frozen;
using System.Net;
using System.Net.Sockets;
using ConnexIdP.Core.Security.Sources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ConnexIdP.Core.Security.Blocks;

/// <summary>
/// The blocks in force and the allowlist, in memory, so that checking a request costs a few dictionary lookups (one per
/// prefix length in use) and no query. Reloaded from <c>source_blocks</c> in the background when older than
/// <see cref="SourceDefenceOptions.BlockRefreshInterval"/>, so blocks placed by other server processes or the CLI
/// reach this one; a block this process places or lifts counts at once. An allowlisted address is never blocked.
/// </summary>
public sealed partial class SourceBlockList(
    IServiceScopeFactory scopes,
    IOptions<SourceDefenceOptions> options,
    TimeProvider clock,
    ILogger<SourceBlockList> logger)
{
    private readonly IReadOnlyList<IPNetwork> _allowlist = options.Value.AllowlistNetworks();
    private readonly Lock _applyLock = new();
    private Snapshot _snapshot = Snapshot.Empty;
    private int _refreshing;
    private long _applied;

    public bool IsAllowlisted(IPAddress address)
    {
        if (_allowlist.Count == 0)
        {
            return false;
        }

        var normalized = SourceNetworks.Normalize(address);
        foreach (var network in _allowlist)
        {
            if (network.Contains(normalized))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The block that refuses <paramref name="address"/> now, or null (always null for an allowlisted address).</summary>
    public ActiveBlock? Find(IPAddress address)
    {
        var snapshot = Volatile.Read(ref _snapshot);
        var now = clock.GetUtcNow();
        if (now - snapshot.LoadedAt >= options.Value.BlockRefreshInterval && Interlocked.CompareExchange(ref _refreshing, 1, 0) == 0)
        {
            _ = Task.Run(RefreshInBackgroundAsync);
        }

        if (snapshot.Blocks.Count == 0 || IsAllowlisted(address))
        {
            return null;
        }

        var normalized = SourceNetworks.Normalize(address);
        foreach (var prefix in normalized.AddressFamily == AddressFamily.InterNetwork ? snapshot.IPv4Prefixes : snapshot.IPv6Prefixes)
        {
            if (snapshot.Blocks.TryGetValue(SourceNetworks.Mask(normalized, prefix), out var block) && block.ExpiresAt > now)
            {
                return block;
            }
        }

        return null;
    }

    /// <summary>How many blocks this server enforces now (as last loaded or applied here), for the active-blocks gauge.</summary>
    public int ActiveCount()
    {
        var now = clock.GetUtcNow();
        return Volatile.Read(ref _snapshot).Blocks.Values.Count(b => b.ExpiresAt > now);
    }

    /// <summary>Loads the blocks in force from the database.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<SourceBlockStore>();
        var loadedAt = clock.GetUtcNow();
        var appliedBefore = Interlocked.Read(ref _applied);
        var blocks = await store.ListAsync(includeEnded: false, cancellationToken);
        var active = blocks.Select(b => new ActiveBlock(SourceBlockStore.ParseStored(b.Network), b.ExpiresAt, b.Reason));
        lock (_applyLock)
        {
            // A block placed or lifted here while the rows were read may be missing from them: keep the current snapshot
            // (its age unchanged), and the next request loads again.
            if (Interlocked.Read(ref _applied) == appliedBefore)
            {
                Volatile.Write(ref _snapshot, Snapshot.Create(active, loadedAt));
            }
        }
    }

    /// <summary>Puts a block this process just placed or lifted into force (or out of it) without waiting for the refresh.</summary>
    internal void Apply(SourceBlock block)
    {
        var network = SourceBlockStore.ParseStored(block.Network);
        var now = clock.GetUtcNow();
        lock (_applyLock)
        {
            var current = Volatile.Read(ref _snapshot);
            var others = current.Blocks.Values.Where(b => !b.Network.Equals(network));
            var updated = block.IsActiveAt(now) ? others.Append(new ActiveBlock(network, block.ExpiresAt, block.Reason)) : others;
            Volatile.Write(ref _snapshot, Snapshot.Create(updated, current.LoadedAt));
            Interlocked.Increment(ref _applied);
        }
    }

    private async Task RefreshInBackgroundAsync()
    {
        try
        {
            await RefreshAsync(CancellationToken.None);
        }
        catch (Exception exception) when (exception is DbUpdateException or System.Data.Common.DbException or InvalidOperationException or InvalidDataException)
        {
            // The blocks last loaded stay in force; the next request tries again.
            LogRefreshFailed(logger, exception);
        }
        finally
        {
            Volatile.Write(ref _refreshing, 0);
        }
    }

    [LoggerMessage(EventId = 4101, Level = LogLevel.Warning, Message = "Source blocks could not be reloaded; the blocks loaded before stay in force")]
    private static partial void LogRefreshFailed(ILogger logger, Exception exception);

    private sealed record Snapshot(FrozenDictionary<IPNetwork, ActiveBlock> Blocks, int[] IPv4Prefixes, int[] IPv6Prefixes, DateTimeOffset LoadedAt)
    {
        public static readonly Snapshot Empty = new(FrozenDictionary<IPNetwork, ActiveBlock>.Empty, [], [], DateTimeOffset.MinValue);

        public static Snapshot Create(IEnumerable<ActiveBlock> blocks, DateTimeOffset loadedAt)
        {
            var byNetwork = blocks.ToFrozenDictionary(b => b.Network);
            int[] Prefixes(AddressFamily family) =>
                [.. byNetwork.Keys.Where(n => n.BaseAddress.AddressFamily == family).Select(n => n.PrefixLength).Distinct().OrderDescending()];
            return new Snapshot(byNetwork, Prefixes(AddressFamily.InterNetwork), Prefixes(AddressFamily.InterNetworkV6), loadedAt);
        }
    }
}
