using ConnexIdP.Core.Security.Blocks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ConnexIdP.Core.Security.Detection;

/// <summary>
/// Where outcomes meet the detection rules: every rule sees each observation; each detection is a security event (and
/// a log line), and a high-severity one blocks the source it names (never an allowlisted one) with a duration that
/// grows for repeat offenders, itself a security event.
/// </summary>
public sealed partial class SourceDefence(
    IEnumerable<IDetectionRule> rules,
    SourceBlockList blocks,
    SecurityEventLog events,
    IServiceScopeFactory scopes,
    TimeProvider clock,
    ILogger<SourceDefence> logger)
{
    private readonly IDetectionRule[] _rules = [.. rules];

    /// <summary>Counts <paramref name="observation"/>; the detections it completed (empty almost always).</summary>
    public async ValueTask<IReadOnlyList<Detection>> ObserveAsync(SourceObservation observation, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        List<Detection>? detections = null;
        foreach (var rule in _rules)
        {
            if (rule.Observe(observation, now) is { } detection)
            {
                (detections ??= []).Add(detection);
            }
        }

        if (detections is null)
        {
            return [];
        }

        var request = observation.Request ?? new SecurityEventContext(observation.Source, null, null);
        foreach (var detection in detections)
        {
            LogDetected(logger, detection.Rule, detection.Severity, detection.Source.ToString(), detection.Description);
            await events.RecordAsync(SecurityEventTypes.SourceDetection, SeverityOf(detection.Severity), SecurityOutcome.Failure, request,
                CancellationToken.None, clientId: observation.ClientId, details: $"{detection.Rule}: {detection.Description}");
            if (detection.Severity != DetectionSeverity.High)
            {
                continue;
            }

            if (blocks.IsAllowlisted(observation.Source))
            {
                LogAllowlisted(logger, detection.Rule, detection.Source.ToString());
                continue;
            }

            // Not the request's token: once a rule has fired, its count starts again, so the block must be written even
            // if the attacker hangs up.
            await using var scope = scopes.CreateAsyncScope();
            var block = await scope.ServiceProvider.GetRequiredService<SourceBlockStore>()
                .PlaceAsync(detection.Source, detection.Description, "rule:" + detection.Rule, null, CancellationToken.None);
            LogBlocked(logger, block.Network, block.ExpiresAt, block.Offences, detection.Rule);
            await events.RecordAsync(SecurityEventTypes.SourceBlocked, SecuritySeverity.High, SecurityOutcome.Success, request,
                CancellationToken.None, details: BlockEvents.Describe(block));
        }

        return detections;
    }

    private static SecuritySeverity SeverityOf(DetectionSeverity severity) => severity switch
    {
        DetectionSeverity.High => SecuritySeverity.High,
        DetectionSeverity.Medium => SecuritySeverity.Medium,
        _ => SecuritySeverity.Low,
    };

    [LoggerMessage(EventId = 4001, Level = LogLevel.Warning, Message = "Detection {Rule} ({Severity}) on {Source}: {Description}")]
    private static partial void LogDetected(ILogger logger, string rule, DetectionSeverity severity, string source, string description);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Warning, Message = "Source {Network} blocked until {ExpiresAt:O} (offence {Offences}) by rule {Rule}")]
    private static partial void LogBlocked(ILogger logger, string network, DateTimeOffset expiresAt, int offences, string rule);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Information, Message = "Detection {Rule} on {Source} not blocked: the source is allowlisted")]
    private static partial void LogAllowlisted(ILogger logger, string rule, string source);
}
