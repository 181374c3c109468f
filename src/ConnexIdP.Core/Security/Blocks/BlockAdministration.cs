using ConnexIdP.Core.Security.Sources;

namespace ConnexIdP.Core.Security.Blocks;

/// <summary>
/// An operator's blocks, from the admin API or the CLI alike: the network is checked (valid, not too wide), the
/// duration bounded, and each change is a security event naming who made it.
/// </summary>
public sealed class BlockAdministration(SourceBlockStore store, SecurityEventLog events)
{
    public static readonly TimeSpan MaxDuration = TimeSpan.FromDays(365);

    /// <summary>Places or replaces the block of <paramref name="network"/>; an error message instead when the input is refused.</summary>
    public async Task<(SourceBlock? Block, string? Error)> PlaceAsync(
        string? network, TimeSpan duration, string? reason, string actor, SecurityEventContext request, CancellationToken cancellationToken)
    {
        if (!SourceNetworks.TryParse(network, out var parsed, out var error))
        {
            return (null, error);
        }

        if (SourceBlockStore.CheckScope(parsed.Value) is { } tooWide)
        {
            return (null, tooWide);
        }

        if (duration <= TimeSpan.Zero || duration > MaxDuration)
        {
            return (null, $"The duration must be more than zero and at most {MaxDuration.TotalDays:0} days.");
        }

        var block = await store.PlaceAsync(parsed.Value, string.IsNullOrWhiteSpace(reason) ? "placed by an administrator" : reason.Trim(), actor, duration, cancellationToken);
        await events.RecordAsync(SecurityEventTypes.SourceBlocked, SecuritySeverity.Medium, SecurityOutcome.Success, request, cancellationToken,
            details: BlockEvents.Describe(block));
        return (block, null);
    }

    /// <summary>Lifts the block of <paramref name="network"/>: the block, or null with an error when there is none or the input is refused.</summary>
    public async Task<(SourceBlock? Block, string? Error)> LiftAsync(string? network, string actor, SecurityEventContext request, CancellationToken cancellationToken)
    {
        if (!SourceNetworks.TryParse(network, out var parsed, out var error))
        {
            return (null, error);
        }

        var block = await store.LiftAsync(parsed.Value, actor, cancellationToken);
        if (block is null)
        {
            return (null, $"{parsed} has no block in force.");
        }

        await events.RecordAsync(SecurityEventTypes.SourceBlockLifted, SecuritySeverity.Medium, SecurityOutcome.Success, request, cancellationToken,
            details: $"{block.Network} lifted by {actor}");
        return (block, null);
    }
}
