using ConnexIdP.Core.Data;
using Microsoft.Extensions.DependencyInjection;

namespace ConnexIdP.Core.Security;

/// <summary>
/// The one way security events are recorded: a row in the append-only <c>security_events</c> table (in a database
/// context of its own, so nothing else the caller has pending is saved with it), a JSON line on the configured stream,
/// and the <see cref="SecurityMetrics"/> counters. Failing to store an event fails the request: reporting fails closed.
/// </summary>
public sealed class SecurityEventLog(IServiceScopeFactory scopes, SecurityEventStream stream, SecurityMetrics metrics, TimeProvider clock)
{
    /// <summary>Records an event of <paramref name="type"/> about the request described by <paramref name="context"/>.</summary>
    public async Task<SecurityEvent> RecordAsync(
        string type,
        SecuritySeverity severity,
        SecurityOutcome outcome,
        SecurityEventContext context,
        CancellationToken cancellationToken,
        string? accountId = null,
        string? clientId = null,
        string? details = null)
    {
        var recorded = new SecurityEvent
        {
            OccurredAt = clock.GetUtcNow(),
            Type = Truncate(type, SecurityEvent.TypeMaxLength)!,
            Severity = severity,
            Outcome = outcome,
            AccountId = Truncate(accountId, SecurityEvent.IdentifierMaxLength),
            ClientId = Truncate(clientId, SecurityEvent.IdentifierMaxLength),
            Source = Truncate(context.Source?.ToString(), SecurityEvent.SourceMaxLength),
            UserAgent = Truncate(context.UserAgent, SecurityEvent.UserAgentMaxLength),
            CorrelationId = Truncate(context.CorrelationId, SecurityEvent.CorrelationIdMaxLength),
            Details = Truncate(details, SecurityEvent.DetailsMaxLength),
        };

        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ConnexDbContext>();
            db.SecurityEvents.Add(recorded);
            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
        }

        metrics.Count(recorded);
        await stream.WriteAsync(recorded, cancellationToken);
        return recorded;
    }

    private static string? Truncate(string? value, int length) =>
        value is null || value.Length <= length ? value : value[..length];
}
