namespace ConnexIdP.Core.Security.Blocks;

/// <summary>
/// A source (an address, as /32 or /128, or a network) refused before any endpoint does work. One row per network:
/// a repeat offence updates it (its <see cref="Offences"/> grow and so does the duration); lifting ends it early and
/// keeps the row, so the history of the source is not lost.
/// </summary>
public sealed class SourceBlock
{
    public long Id { get; set; }

    /// <summary>The network in CIDR notation, canonical (host bits cleared, e.g. <c>203.0.113.0/24</c>, <c>198.51.100.7/32</c>).</summary>
    public required string Network { get; set; }

    public required string Reason { get; set; }

    /// <summary>Who placed the current block: <c>rule:password-spraying</c>, <c>admin-api:&lt;client or account&gt;</c>, <c>cli</c>.</summary>
    public required string CreatedBy { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    /// <summary>Blocks this source has had within the offence memory, this one included.</summary>
    public int Offences { get; set; }

    public DateTimeOffset? LiftedAt { get; set; }

    public string? LiftedBy { get; set; }

    public bool IsActiveAt(DateTimeOffset now) => LiftedAt is null && ExpiresAt > now;
}
