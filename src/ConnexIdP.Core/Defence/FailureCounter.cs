namespace ConnexIdP.Core.Defence;

/// <summary>
/// Consecutive failures of one thing that can be guessed at: a factor of an account from anywhere but its known devices,
/// a factor from one known device, a client, a source address. Only ever changed by single atomic SQL statements
/// (<see cref="FailureCounterStore"/>), so every server process sharing the database counts together.
/// </summary>
public sealed class FailureCounter
{
    public const int KeyMaxLength = 400;

    /// <summary>What is counted, built by <see cref="CounterKey"/>.</summary>
    public required string Key { get; init; }

    /// <summary>Consecutive failures since the last success (or unlock).</summary>
    public int Failures { get; set; }

    /// <summary>When the last failure was counted; stored as Unix milliseconds.</summary>
    public DateTimeOffset LastFailureAt { get; set; }
}
