using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ConnexIdP.Core.Credentials;

/// <summary>
/// Every Argon2 computation (each <see cref="PasswordHasher"/> call) runs through this gate, so a flood of sign-ins gets
/// a quick typed "busy" instead of exhausting memory (each hash holds the Argon2 memory cost) or starving the requests
/// that need no hashing: at most <c>MaxConcurrent</c> hashes at once on dedicated threads, a bounded queue that
/// callers await without holding a thread, a bounded wait, and caps per email and per source address so a storm aimed
/// at one account or sent from one address is turned away while other people still get a place.
/// </summary>
public sealed partial class PasswordHashingGate : IDisposable
{
    // An estimate longer than this says more about the estimate than about when to come back.
    private static readonly TimeSpan LongestRetryAfter = TimeSpan.FromMinutes(1);

    private readonly SemaphoreSlim _slots;
    private readonly HashingThreads _threads;
    private readonly PartitionTallies _partitions;
    private readonly HashDurations _durations = new();
    private readonly BusyReport _report;
    private readonly TimeProvider _clock;
    private readonly int _concurrency;
    private readonly int _places;
    private readonly TimeSpan _maxWait;

    // Hashes running or waiting for a slot.
    private int _occupied;

    public PasswordHashingGate(IOptions<PasswordHashingGateOptions> options, TimeProvider clock, ILogger<PasswordHashingGate> logger)
    {
        var settings = options.Value;
        _clock = clock;
        _concurrency = settings.EffectiveMaxConcurrent;
        _maxWait = settings.MaxWait;
        _places = _concurrency + settings.EffectiveQueueLimit;

        // SemaphoreSlim hands a released slot straight to its oldest async waiter: first come, first served.
        _slots = new SemaphoreSlim(_concurrency, _concurrency);
        _threads = new HashingThreads(_concurrency);
        _partitions = new PartitionTallies(settings.PerAccountLimit, settings.EffectivePerSourceLimit);
        _report = new BusyReport(clock, logger);
        LogLimits(logger, _concurrency, settings.EffectiveQueueLimit, _maxWait, settings.PerAccountLimit, settings.EffectivePerSourceLimit);
    }

    /// <summary>
    /// Runs <paramref name="work"/> (the Argon2 computation) when <paramref name="partition"/> and the gate have room,
    /// or answers busy without running it. Cancelling gives up a waiting place; work that has started runs to its end,
    /// holding its slot, because its memory is in use until then.
    /// </summary>
    /// <exception cref="OperationCanceledException">The caller cancelled while waiting.</exception>
    public async Task<HashingOutcome<T>> RunAsync<T>(HashingPartition partition, Func<T> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        if (!_partitions.TryEnter(partition))
        {
            return Refuse<T>(HashingRefusal.PartitionFull);
        }

        try
        {
            if (Interlocked.Increment(ref _occupied) > _places)
            {
                return Refuse<T>(HashingRefusal.QueueFull);
            }

            if (!_slots.Wait(0, CancellationToken.None) && !await WaitForSlotAsync(cancellationToken))
            {
                return Refuse<T>(HashingRefusal.WaitTimedOut);
            }

            var started = _clock.GetTimestamp();
            try
            {
                return new HashingOutcome<T>(await _threads.RunAsync(work));
            }
            finally
            {
                _durations.Add(_clock.GetElapsedTime(started));
                _slots.Release();
            }
        }
        finally
        {
            Interlocked.Decrement(ref _occupied);
            _partitions.Leave(partition);
        }
    }

    public void Dispose()
    {
        _threads.Dispose();
        _slots.Dispose();
    }

    // False when MaxWait passed first; throws when the caller cancelled. Either way the waiting place is given up.
    private async Task<bool> WaitForSlotAsync(CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(_maxWait, _clock);
        using var waiting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            await _slots.WaitAsync(waiting.Token);
            return true;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private HashingOutcome<T> Refuse<T>(HashingRefusal reason)
    {
        _report.Count(reason);
        return new HashingOutcome<T>(new HashingBusy(RetryAfter(), reason));
    }

    // About when the hashes now running or waiting will be done: time enough for a retry to find a free place.
    private TimeSpan RetryAfter()
    {
        var ahead = Math.Clamp(Volatile.Read(ref _occupied), 1, _places);
        var estimate = _durations.Average * ahead / _concurrency;
        return estimate < LongestRetryAfter ? estimate : LongestRetryAfter;
    }

    [LoggerMessage(EventId = 1151, Level = LogLevel.Information,
        Message = "Password hashing: {MaxConcurrent} at once, {QueueLimit} waiting for at most {MaxWait}, {PerAccount} per email, {PerSource} per source address (0: no cap)")]
    private static partial void LogLimits(ILogger logger, int maxConcurrent, int queueLimit, TimeSpan maxWait, int perAccount, int perSource);
}
