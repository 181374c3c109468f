using System.Globalization;

namespace ConnexIdP.Core.Credentials;

/// <summary>The gate's "busy": no hash was computed and nothing was decided; ask again after <see cref="RetryAfter"/>.</summary>
public sealed record HashingBusy
{
    public HashingBusy(TimeSpan retryAfter, HashingRefusal reason)
    {
        // Whole seconds, at least one: what an HTTP Retry-After header and a person can use.
        RetryAfterSeconds = (int)Math.Clamp(Math.Ceiling(retryAfter.TotalSeconds), 1, int.MaxValue);
        Reason = reason;
    }

    public int RetryAfterSeconds { get; }

    public TimeSpan RetryAfter => TimeSpan.FromSeconds(RetryAfterSeconds);

    public HashingRefusal Reason { get; }

    /// <summary>What to tell a person; it names no account and no reason.</summary>
    public string Message => RetryAfterSeconds == 1
        ? "The service is busy; try again in 1 second."
        : string.Create(CultureInfo.InvariantCulture, $"The service is busy; try again in {RetryAfterSeconds} seconds.");
}
