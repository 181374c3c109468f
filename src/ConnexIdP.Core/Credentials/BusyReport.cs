using Microsoft.Extensions.Logging;

namespace ConnexIdP.Core.Credentials;

/// <summary>
/// Logs the gate's "busy" answers counted rather than one line each, so a flood cannot flood the log: the first
/// refusal after a quiet spell at once, then at most one line per <see cref="Interval"/> with the count since the last.
/// Neither the email nor the address is logged.
/// </summary>
internal sealed partial class BusyReport(TimeProvider clock, ILogger logger)
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    private readonly Lock _lock = new();
    private long _queueFull;
    private long _partitionFull;
    private long _timedOut;
    private DateTimeOffset _since;
    private DateTimeOffset? _lastLine;

    public void Count(HashingRefusal reason)
    {
        var now = clock.GetUtcNow();
        long queueFull, partitionFull, timedOut;
        DateTimeOffset since;
        lock (_lock)
        {
            if (_queueFull + _partitionFull + _timedOut == 0)
            {
                _since = now;
            }

            switch (reason)
            {
                case HashingRefusal.QueueFull: _queueFull++; break;
                case HashingRefusal.PartitionFull: _partitionFull++; break;
                default: _timedOut++; break;
            }

            if (_lastLine is { } last && now - last < Interval)
            {
                return;
            }

            (queueFull, partitionFull, timedOut, since) = (_queueFull, _partitionFull, _timedOut, _since);
            (_queueFull, _partitionFull, _timedOut, _lastLine) = (0, 0, 0, now);
        }

        LogBusy(logger, queueFull + partitionFull + timedOut, since, queueFull, partitionFull, timedOut);
    }

    [LoggerMessage(EventId = 1150, Level = LogLevel.Warning,
        Message = "Password hashing at capacity: {Refused} request(s) answered busy since {Since:O} ({QueueFull} with every slot and waiting place taken, {PartitionFull} over the cap of their email or address, {TimedOut} after waiting too long)")]
    private static partial void LogBusy(ILogger logger, long refused, DateTimeOffset since, long queueFull, long partitionFull, long timedOut);
}
