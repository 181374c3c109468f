namespace ConnexIdP.Core.Security;

/// <summary>
/// Filters for <see cref="SecurityEventReader.QueryAsync"/>; every one is optional. Results come newest first; pass the
/// previous page's <see cref="SecurityEventPage.NextBefore"/> as <see cref="Before"/> for the next page.
/// </summary>
public sealed record SecurityEventQuery
{
    public const int MaximumLimit = 1000;

    /// <summary>Inclusive.</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>Exclusive.</summary>
    public DateTimeOffset? To { get; init; }

    public string? Type { get; init; }

    public string? AccountId { get; init; }

    public string? ClientId { get; init; }

    public string? Source { get; init; }

    /// <summary>Events of this severity or higher.</summary>
    public SecuritySeverity? MinimumSeverity { get; init; }

    /// <summary>Only events with an id below this one (the paging cursor).</summary>
    public long? Before { get; init; }

    /// <summary>Page size, 1 to <see cref="MaximumLimit"/>.</summary>
    public int Limit { get; init; } = 100;
}
