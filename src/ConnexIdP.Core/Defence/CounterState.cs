namespace ConnexIdP.Core.Defence;

/// <summary>
/// What a failure counter means now: its consecutive failures, and when the next attempt is accepted (null with
/// <see cref="UntilUnlocked"/> when only an administrator can lift it; null alone when it is accepted now).
/// </summary>
public sealed record CounterState(int Failures, DateTimeOffset? LastFailureAt, DateTimeOffset? NextAttemptAt, bool UntilUnlocked)
{
    public static readonly CounterState Clear = new(0, null, null, false);

    public static CounterState Of(FailureCounter? counter, BackoffSchedule schedule, DateTimeOffset now)
    {
        if (counter is null)
        {
            return Clear;
        }

        var next = schedule.NextAttemptAt(counter);
        return new CounterState(counter.Failures, counter.LastFailureAt, next > now ? next : null, next is null);
    }
}
