using System.Net;

namespace ConnexIdP.Core.Security;

/// <summary>Where a request came from, as the web host hands it to Core: what every event about that request carries.</summary>
public sealed record SecurityEventContext(IPAddress? Source, string? UserAgent, string? CorrelationId)
{
    /// <summary>An action with no network request behind it (the admin CLI).</summary>
    public static readonly SecurityEventContext None = new(null, null, null);
}
