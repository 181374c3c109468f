namespace ConnexIdP.Core.Defence;

/// <summary>
/// Backoff and lockout (<c>SignInDefence</c>). After the k-th consecutive failure the next attempt waits
/// <see cref="BaseDelay"/> × 2^(k-1), at most <see cref="MaximumDelay"/>; every <see cref="LockoutThreshold"/>-th
/// consecutive failure locks for <see cref="LockoutPeriod"/>, doubled for each lockout before it, at most
/// <see cref="MaximumLockoutPeriod"/>; at <see cref="PermanentLockoutThreshold"/> only an administrator unlocks.
/// </summary>
public sealed record SignInDefenceOptions
{
    public const string Section = "SignInDefence";

    /// <summary>NIST SP 800-63B and the product's promise: never a lockout before this many attempts.</summary>
    public const int MinimumLockoutThreshold = 10;

    /// <summary>NIST SP 800-63B: no more than 100 consecutive failed attempts on one account.</summary>
    public const int MaximumPermanentLockoutThreshold = 100;

    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaximumDelay { get; init; } = TimeSpan.FromMinutes(15);

    public int LockoutThreshold { get; init; } = MinimumLockoutThreshold;

    public TimeSpan LockoutPeriod { get; init; } = TimeSpan.FromMinutes(30);

    public TimeSpan MaximumLockoutPeriod { get; init; } = TimeSpan.FromHours(24);

    public int PermanentLockoutThreshold { get; init; } = MaximumPermanentLockoutThreshold;

    /// <summary>The longest <see cref="ClientFailureCheckInterval"/> allowed: a failure counted by another server must slow guessing down soon.</summary>
    public static readonly TimeSpan MaximumClientFailureCheckInterval = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How often a server asks the database whether a client authentication failed anywhere (one single-row read); in
    /// between, a client id or source address it saw authenticate with no failures on record needs no read of its
    /// failure counters. A failure counted by the same server applies at once; zero reads the counters on every request.
    /// </summary>
    public TimeSpan ClientFailureCheckInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a browser stays a known device of the account it signed in to.</summary>
    public TimeSpan KnownDeviceLifetime { get; init; } = TimeSpan.FromDays(365);

    /// <summary>
    /// How long the client-authentication failures of a client id no client has, and of a source address, are kept after
    /// the last one (<see cref="FailureCounterPruner"/>). At least <see cref="MaximumLockoutPeriod"/> and
    /// <see cref="MaximumDelay"/>, so no delay ends early. Email and device counters are never forgotten by age.
    /// </summary>
    public TimeSpan CounterRetention { get; init; } = TimeSpan.FromDays(30);
}
