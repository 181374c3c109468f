using System.Globalization;

namespace ConnexIdP.Core.Defence;

/// <summary>
/// An attempt turned away unchecked because its counter is in backoff or locked. The same for every counter key, so
/// it says nothing about whether an account exists.
/// </summary>
public sealed record DefenceRefusal
{
    public DefenceRefusal(TimeSpan? retryAfter)
    {
        // Whole seconds, at least one: what an HTTP Retry-After header and a person can use.
        RetryAfterSeconds = retryAfter is { } wait ? (int)Math.Clamp(Math.Ceiling(wait.TotalSeconds), 1, int.MaxValue) : null;
    }

    /// <summary>Null when only an administrator can unlock.</summary>
    public int? RetryAfterSeconds { get; }

    public bool UntilUnlocked => RetryAfterSeconds is null;

    /// <summary>What to tell a person.</summary>
    public string Message => RetryAfterSeconds switch
    {
        null => "Too many failed attempts: signing in this way is locked until an administrator unlocks it.",
        1 => "Too many failed attempts. Try again in 1 second.",
        var seconds => string.Create(CultureInfo.InvariantCulture, $"Too many failed attempts. Try again in {seconds} seconds."),
    };

    /// <summary>For security event details.</summary>
    public string Describe() => RetryAfterSeconds is { } seconds
        ? string.Create(CultureInfo.InvariantCulture, $"retry after {seconds} s")
        : "locked until an administrator unlocks";
}
