using Microsoft.Extensions.Options;

namespace ConnexIdP.Core.Defence;

/// <summary>When a counter with k consecutive failures accepts its next attempt: the rules of <see cref="SignInDefenceOptions"/>, with no I/O.</summary>
public sealed class BackoffSchedule(IOptions<SignInDefenceOptions> options)
{
    private readonly SignInDefenceOptions _options = options.Value;

    /// <summary>Whether the <paramref name="failures"/>-th consecutive failure starts a lockout (rather than a backoff delay).</summary>
    public bool LocksAt(int failures) =>
        failures >= _options.PermanentLockoutThreshold || (failures > 0 && failures % _options.LockoutThreshold == 0);

    /// <summary>Whether <paramref name="failures"/> consecutive failures keep the counter locked until an administrator unlocks it.</summary>
    public bool IsLockedForGood(int failures) => failures >= _options.PermanentLockoutThreshold;

    /// <summary>How long after the <paramref name="failures"/>-th consecutive failure the next attempt waits; null when it waits for an administrator.</summary>
    public TimeSpan? WaitAfter(int failures)
    {
        if (failures <= 0)
        {
            return TimeSpan.Zero;
        }

        if (IsLockedForGood(failures))
        {
            return null;
        }

        var delay = Doubled(_options.BaseDelay, failures - 1, _options.MaximumDelay);
        if (failures % _options.LockoutThreshold != 0)
        {
            return delay;
        }

        var lockout = Doubled(_options.LockoutPeriod, (failures / _options.LockoutThreshold) - 1, _options.MaximumLockoutPeriod);
        return lockout > delay ? lockout : delay;
    }

    /// <summary>The delay alone, with no lockout: for counters whose key is no secret (a client id, an address).</summary>
    public TimeSpan DelayAfter(int failures) => failures <= 0 ? TimeSpan.Zero : Doubled(_options.BaseDelay, failures - 1, _options.MaximumDelay);

    /// <summary>When the next attempt is accepted; null when it waits for an administrator.</summary>
    public DateTimeOffset? NextAttemptAt(FailureCounter counter) =>
        WaitAfter(counter.Failures) is { } wait ? counter.LastFailureAt + wait : null;

    private static TimeSpan Doubled(TimeSpan start, int doublings, TimeSpan cap) =>
        doublings >= 62 || start.Ticks * Math.Pow(2, doublings) >= cap.Ticks ? cap : TimeSpan.FromTicks(start.Ticks << doublings);
}
