namespace ConnexIdP.Core.Security;

/// <summary>
/// One row of the append-only <c>security_events</c> store. Every field is chosen by the code that records it, from
/// identifiers and short fixed texts: none carries a password, secret, token or cookie.
/// </summary>
public sealed record SecurityEvent
{
    public const int TypeMaxLength = 64;
    public const int IdentifierMaxLength = 200;
    public const int SourceMaxLength = 64;
    public const int UserAgentMaxLength = 256;
    public const int CorrelationIdMaxLength = 64;
    public const int DetailsMaxLength = 512;

    /// <summary>Assigned by the store, increasing: the paging cursor.</summary>
    public long Id { get; init; }

    /// <summary>UTC; stored as Unix milliseconds, so every provider compares it in SQL.</summary>
    public DateTimeOffset OccurredAt { get; init; }

    /// <summary>One of <see cref="SecurityEventTypes"/>.</summary>
    public required string Type { get; init; }

    public SecuritySeverity Severity { get; init; }

    public SecurityOutcome Outcome { get; init; }

    public string? AccountId { get; init; }

    public string? ClientId { get; init; }

    /// <summary>The client's address as the server saw it (after trusted proxies, when configured).</summary>
    public string? Source { get; init; }

    /// <summary>Truncated to <see cref="UserAgentMaxLength"/> characters.</summary>
    public string? UserAgent { get; init; }

    /// <summary>The request's trace identifier, to find the same request in the server's logs.</summary>
    public string? CorrelationId { get; init; }

    /// <summary>A short fixed text from the code that records the event (a reason, a retry delay); never user input.</summary>
    public string? Details { get; init; }
}
