using System.Net;
using ConnexIdP.Core.Data;
using ConnexIdP.Core.Security.Sources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ConnexIdP.Core.Security.Blocks;

/// <summary>
/// The <c>source_blocks</c> table: places, lifts and lists blocks. A block placed or lifted here also reaches this
/// process's <see cref="SourceBlockList"/> at once (when there is one: the CLI has none, and servers see the change at
/// their next refresh).
/// </summary>
public sealed class SourceBlockStore(ConnexDbContext db, IOptions<SourceDefenceOptions> options, TimeProvider clock, SourceBlockList? cache = null)
{
    /// <summary>Reasons longer than this are cut (they are written by rules and operators, not by clients).</summary>
    public const int MaxReasonLength = 500;

    /// <summary>
    /// Blocks <paramref name="network"/>. Without <paramref name="duration"/> (a rule), the duration grows with the
    /// source's offences and an active block is left as it is; with one (an operator), the block is set to it.
    /// </summary>
    public async Task<SourceBlock> PlaceAsync(IPNetwork network, string reason, string createdBy, TimeSpan? duration, CancellationToken cancellationToken)
    {
        var key = network.ToString();
        var now = clock.GetUtcNow();
        var settings = options.Value;
        for (var attempt = 0; ; attempt++)
        {
            var block = await db.Set<SourceBlock>().FirstOrDefaultAsync(b => b.Network == key, cancellationToken);
            if (block is not null && block.IsActiveAt(now) && duration is null)
            {
                return block;
            }

            if (block is null)
            {
                block = new SourceBlock { Network = key, Reason = reason, CreatedBy = createdBy };
                db.Add(block);
            }

            var repeat = block.Id != 0 && block.CreatedAt > now - settings.OffenceMemory;
            var replacing = block.Id != 0 && block.IsActiveAt(now);
            block.Offences = replacing ? block.Offences : repeat ? block.Offences + 1 : 1;
            block.Reason = reason.Length > MaxReasonLength ? reason[..MaxReasonLength] : reason;
            block.CreatedBy = createdBy;
            block.CreatedAt = now;
            block.ExpiresAt = now + (duration ?? BlockDuration.For(block.Offences, settings.BlockBaseDuration, settings.BlockMaxDuration));
            block.LiftedAt = null;
            block.LiftedBy = null;
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                cache?.Apply(block);
                return block;
            }
            catch (DbUpdateException) when (attempt == 0)
            {
                // Another process placed the first block of this network at the same moment: take its row and go again.
                db.ChangeTracker.Clear();
            }
        }
    }

    /// <summary>Ends the active block of <paramref name="network"/> now; null when it has none.</summary>
    public async Task<SourceBlock?> LiftAsync(IPNetwork network, string liftedBy, CancellationToken cancellationToken)
    {
        var key = network.ToString();
        var now = clock.GetUtcNow();
        var block = await db.Set<SourceBlock>().FirstOrDefaultAsync(b => b.Network == key, cancellationToken);
        if (block is null || !block.IsActiveAt(now))
        {
            return null;
        }

        block.LiftedAt = now;
        block.LiftedBy = liftedBy;
        await db.SaveChangesAsync(cancellationToken);
        cache?.Apply(block);
        return block;
    }

    /// <summary>The blocks in force now (or every block ever placed, with <paramref name="includeEnded"/>), newest first.</summary>
    public async Task<IReadOnlyList<SourceBlock>> ListAsync(bool includeEnded, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var query = db.Set<SourceBlock>().AsNoTracking();
        if (!includeEnded)
        {
            query = query.Where(b => b.LiftedAt == null && b.ExpiresAt > now);
        }

        var blocks = await query.ToListAsync(cancellationToken);
        return [.. blocks.OrderByDescending(b => b.CreatedAt).ThenBy(b => b.Network, StringComparer.Ordinal)];
    }

    /// <summary>Whether <paramref name="network"/> is a valid block target: not wider than a /16 (IPv4) or /32 (IPv6).</summary>
    public static string? CheckScope(IPNetwork network) =>
        network.PrefixLength < (network.BaseAddress.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 16 : 32)
            ? $"{network} is wider than a /16 (IPv4) or /32 (IPv6); block smaller networks, so a mistake cannot lock out everyone."
            : null;

    internal static IPNetwork ParseStored(string network) =>
        SourceNetworks.TryParse(network, out var parsed, out var error) ? parsed.Value : throw new InvalidDataException($"source_blocks holds an invalid network: {error}");
}
