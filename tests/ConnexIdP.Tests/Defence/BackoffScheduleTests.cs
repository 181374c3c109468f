using ConnexIdP.Core.Defence;
using Microsoft.Extensions.Options;

namespace ConnexIdP.Tests.Defence;

/// <summary>The backoff and lockout rules with the default settings: delays double from 1 s to 15 min; lockouts from 30 min to 24 h; 100 waits for an administrator.</summary>
public sealed class BackoffScheduleTests
{
    private readonly BackoffSchedule _schedule = new(Options.Create(new SignInDefenceOptions()));

    [Fact]
    public void Delays_double_from_one_second_and_stop_at_fifteen_minutes()
    {
        var waits = Enumerable.Range(1, 12).Select(k => _schedule.WaitAfter(k)!.Value.TotalSeconds).ToList();

        // The 10th failure is a lockout (30 min), above the doubled delay it replaces (512 s).
        Assert.Equal([1, 2, 4, 8, 16, 32, 64, 128, 256, 1800, 900, 900], waits);
        Assert.Equal(TimeSpan.Zero, _schedule.WaitAfter(0));
    }

    [Fact]
    public void Nine_failures_never_lock_and_the_tenth_does()
    {
        Assert.All(Enumerable.Range(1, 9), k => Assert.False(_schedule.LocksAt(k)));
        Assert.True(_schedule.LocksAt(10));
        Assert.False(_schedule.LocksAt(11));
    }

    [Fact]
    public void Each_lockout_lasts_twice_the_one_before_up_to_a_day_and_the_hundredth_failure_waits_for_an_administrator()
    {
        var lockouts = Enumerable.Range(1, 9).Select(m => _schedule.WaitAfter(m * 10)!.Value).ToList();

        Assert.Equal(
            [TimeSpan.FromMinutes(30), TimeSpan.FromHours(1), TimeSpan.FromHours(2), TimeSpan.FromHours(4), TimeSpan.FromHours(8),
             TimeSpan.FromHours(16), TimeSpan.FromHours(24), TimeSpan.FromHours(24), TimeSpan.FromHours(24)],
            lockouts);
        Assert.True(_schedule.LocksAt(100));
        Assert.True(_schedule.IsLockedForGood(100));
        Assert.Null(_schedule.WaitAfter(100));
        Assert.False(_schedule.IsLockedForGood(99));
    }

    [Fact]
    public void The_next_attempt_is_due_at_the_last_failure_plus_the_wait()
    {
        var last = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

        Assert.Equal(last.AddSeconds(32), _schedule.NextAttemptAt(new FailureCounter { Key = "k", Failures = 6, LastFailureAt = last }));
        Assert.Null(_schedule.NextAttemptAt(new FailureCounter { Key = "k", Failures = 100, LastFailureAt = last }));
    }
}
