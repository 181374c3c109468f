namespace ConnexIdP.Core.Credentials;

/// <summary>A moving average of how long gated hashes take, from which the gate estimates when to retry.</summary>
internal sealed class HashDurations
{
    // Each new hash counts for a fifth: the estimate follows a change of load within a few hashes.
    private const double Weight = 0.2;

    private readonly Lock _lock = new();
    private double _averageTicks = -1;

    public TimeSpan Average
    {
        get
        {
            lock (_lock)
            {
                return TimeSpan.FromTicks((long)Math.Max(_averageTicks, 0));
            }
        }
    }

    public void Add(TimeSpan duration)
    {
        lock (_lock)
        {
            _averageTicks = _averageTicks < 0 ? duration.Ticks : _averageTicks + (Weight * (duration.Ticks - _averageTicks));
        }
    }
}
