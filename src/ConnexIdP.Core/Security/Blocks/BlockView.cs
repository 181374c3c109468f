namespace ConnexIdP.Core.Security.Blocks;

/// <summary>A block as the admin API and the CLI show it.</summary>
public sealed record BlockView(
    string Network,
    string Reason,
    string CreatedBy,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt,
    int Offences,
    bool Active,
    DateTimeOffset? LiftedAt,
    string? LiftedBy)
{
    public static BlockView From(SourceBlock block, DateTimeOffset now) =>
        new(block.Network, block.Reason, block.CreatedBy, block.CreatedAt, block.ExpiresAt, block.Offences, block.IsActiveAt(now), block.LiftedAt, block.LiftedBy);
}
