using System.Globalization;
using ConnexIdP.Core.Security;
using Microsoft.Extensions.Logging;

namespace ConnexIdP.Core.Defence;

/// <summary>
/// Backoff and lockout over <see cref="FailureCounter"/> keys. A sign-in attempt is counted as a failure before its
/// credential is checked (<see cref="ClaimAsync"/>), by compare-and-swap, so of many parallel attempts only those the
/// schedule allows go on; a success forgets the failures. Client authentication, which machines send in parallel
/// with the right secret, has its own backoff (<see cref="ClientBackoff"/>) over the same counters and schedule.
/// </summary>
public sealed partial class SignInDefence(
    FailureCounterStore counters, BackoffSchedule schedule, SecurityEventLog events, TimeProvider clock, ILogger<SignInDefence> logger)
{
    // Each lost race means another attempt on the key was counted; the schedule refuses long before this many.
    private const int MaximumRaces = 200;

    public BackoffSchedule Schedule => schedule;

    /// <summary>Counts the attempt in advance when the schedule allows one now, or answers when to come back.</summary>
    public async Task<AttemptClaim> ClaimAsync(string key, CancellationToken cancellationToken)
    {
        for (var race = 0; race < MaximumRaces; race++)
        {
            // The time is read after the counter: a failure counted by a concurrent request just before cannot lie in its future.
            var counter = await counters.ReadAsync(key, cancellationToken);
            var now = clock.GetUtcNow();
            if (Refusal(counter, now) is { } refusal)
            {
                return AttemptClaim.Refused(key, refusal);
            }

            if (await counters.TryClaimAsync(key, counter, now, cancellationToken))
            {
                return AttemptClaim.Claimed(key, counter, now);
            }
        }

        LogContended(logger);
        return AttemptClaim.Refused(key, new DefenceRefusal(schedule.WaitAfter(1)));
    }

    /// <summary>
    /// Records a claimed attempt that failed: a <see cref="SecurityEventTypes.SignInFailed"/> event, and when this failure
    /// starts a lockout, an <see cref="SecurityEventTypes.AccountLocked"/> one. <paramref name="details"/> is a fixed text.
    /// </summary>
    public Task RecordFailureAsync(AttemptClaim claim, SecurityEventContext request, string? accountId, string details, CancellationToken cancellationToken) =>
        RecordFailureAsync(claim.Failures, request, accountId, details, cancellationToken);

    /// <summary>
    /// As <see cref="RecordFailureAsync(AttemptClaim, SecurityEventContext, string?, string, CancellationToken)"/>, for an
    /// attempt claimed earlier (perhaps by another server) that made <paramref name="failures"/> consecutive failures.
    /// </summary>
    public async Task RecordFailureAsync(int failures, SecurityEventContext request, string? accountId, string details, CancellationToken cancellationToken)
    {
        await events.RecordAsync(SecurityEventTypes.SignInFailed, SecuritySeverity.Low, SecurityOutcome.Failure, request, cancellationToken,
            accountId: accountId, details: string.Create(CultureInfo.InvariantCulture, $"{details}; failures={failures}"));
        if (!schedule.LocksAt(failures))
        {
            return;
        }

        var wait = schedule.WaitAfter(failures);
        var locked = wait is { } period
            ? string.Create(CultureInfo.InvariantCulture, $"{details}; failures={failures}; locked for {(long)period.TotalSeconds} s")
            : string.Create(CultureInfo.InvariantCulture, $"{details}; failures={failures}; locked until an administrator unlocks");
        await events.RecordAsync(SecurityEventTypes.AccountLocked, wait is null ? SecuritySeverity.High : SecuritySeverity.Medium, SecurityOutcome.Refused,
            request, cancellationToken, accountId: accountId, details: locked);
    }

    /// <summary>Gives back a claim whose credential was never checked (the hashing gate was busy), unless the counter moved on since.</summary>
    public Task ReleaseAsync(AttemptClaim claim, CancellationToken cancellationToken) =>
        claim.Refusal is null ? counters.TryRestoreAsync(claim.Key, claim.Failures, claim.ClaimedAt, claim.Before, cancellationToken) : Task.CompletedTask;

    public Task SucceededAsync(string key, CancellationToken cancellationToken) => counters.ResetAsync(key, cancellationToken);

    private DefenceRefusal? Refusal(FailureCounter? counter, DateTimeOffset now)
    {
        if (counter is null)
        {
            return null;
        }

        var next = schedule.NextAttemptAt(counter);
        return next is null ? new DefenceRefusal(null) : next > now ? new DefenceRefusal(next.Value - now) : null;
    }

    [LoggerMessage(EventId = 1401, Level = LogLevel.Warning, Message = "A failure counter changed under too many concurrent attempts; this one is refused")]
    private static partial void LogContended(ILogger logger);
}
