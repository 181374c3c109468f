namespace ConnexIdP.Core.Credentials;

/// <summary>
/// Configuration section <c>Passwords:Hashing</c>: how much Argon2 work <see cref="PasswordHashingGate"/> lets run and
/// wait, so a flood of sign-ins gets a quick "busy" instead of exhausting memory (each hash holds the Argon2 memory cost)
/// or starving the requests that need no hashing.
/// </summary>
public sealed class PasswordHashingGateOptions
{
    public const string Section = "Passwords:Hashing";

    /// <summary>Waiting places per running hash when <see cref="QueueLimit"/> is not set.</summary>
    public const int DefaultQueuePerSlot = 4;

    /// <summary>Hashes computed at once, each on its own thread with its own memory cost. 0 (default): one per processor.</summary>
    public int MaxConcurrent { get; set; }

    /// <summary>
    /// Hashes that may wait for a running slot; beyond them the answer is "busy" at once. Unset:
    /// <see cref="DefaultQueuePerSlot"/> per slot, so the last in line waits about four hash durations (≈ 0.35 s at
    /// production cost). A waiter holds a request, not the Argon2 memory.
    /// </summary>
    public int? QueueLimit { get; set; }

    /// <summary>How long a hash may wait for a slot before the answer is "busy" (when hashes run much slower than usual).</summary>
    public TimeSpan MaxWait { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>Hashes one email may have running or waiting, whether or not an account has that email.</summary>
    public int PerAccountLimit { get; set; } = 2;

    /// <summary>
    /// Hashes one source address (IPv4 address, IPv6 /64) may have running or waiting. Unset: the number of slots (with the
    /// default queue, one address holds at most a fifth of the places). 0: no cap by address, for a server behind a proxy
    /// that hides client addresses (every request would share the proxy's).
    /// </summary>
    public int? PerSourceLimit { get; set; }

    public int EffectiveMaxConcurrent => MaxConcurrent > 0 ? MaxConcurrent : Environment.ProcessorCount;

    public int EffectiveQueueLimit => QueueLimit ?? DefaultQueuePerSlot * EffectiveMaxConcurrent;

    /// <summary>0 when hashes are not capped by source address.</summary>
    public int EffectivePerSourceLimit => PerSourceLimit ?? EffectiveMaxConcurrent;

    /// <summary>Every setting out of range, each message naming its key; empty when the options are usable.</summary>
    public IEnumerable<string> Validate()
    {
        if (MaxConcurrent is < 0 or > 1024)
        {
            yield return $"{Section}:MaxConcurrent is {MaxConcurrent}; it must be 0 (one per processor) to 1024.";
        }

        if (QueueLimit is < 0 or > 100_000)
        {
            yield return $"{Section}:QueueLimit is {QueueLimit}; it must be 0 to 100000, or unset ({DefaultQueuePerSlot} per concurrent hash).";
        }

        if (MaxWait <= TimeSpan.Zero || MaxWait > TimeSpan.FromMinutes(1))
        {
            yield return $"{Section}:MaxWait is {MaxWait}; it must be more than zero and at most one minute.";
        }

        if (PerAccountLimit is < 1 or > 1000)
        {
            yield return $"{Section}:PerAccountLimit is {PerAccountLimit}; it must be 1 to 1000.";
        }

        if (PerSourceLimit is < 0 or > 100_000)
        {
            yield return $"{Section}:PerSourceLimit is {PerSourceLimit}; it must be 0 (no cap by address) to 100000, or unset (the number of concurrent hashes).";
        }
    }
}
