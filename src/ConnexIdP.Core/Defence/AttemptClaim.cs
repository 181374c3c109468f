namespace ConnexIdP.Core.Defence;

/// <summary>
/// The answer of <see cref="SignInDefence.ClaimAsync"/>: either a <see cref="Refusal"/>, or the attempt counted in
/// advance as the <see cref="Failures"/>-th consecutive failure (forgotten again if it succeeds).
/// </summary>
public sealed record AttemptClaim
{
    private AttemptClaim(string key, DefenceRefusal? refusal, FailureCounter? before, int failures, DateTimeOffset claimedAt)
    {
        Key = key;
        Refusal = refusal;
        Before = before;
        Failures = failures;
        ClaimedAt = claimedAt;
    }

    public string Key { get; }

    public DefenceRefusal? Refusal { get; }

    /// <summary>The consecutive failures this attempt makes if it fails.</summary>
    public int Failures { get; }

    internal FailureCounter? Before { get; }

    internal DateTimeOffset ClaimedAt { get; }

    internal static AttemptClaim Refused(string key, DefenceRefusal refusal) => new(key, refusal, null, 0, default);

    internal static AttemptClaim Claimed(string key, FailureCounter? before, DateTimeOffset at) => new(key, null, before, (before?.Failures ?? 0) + 1, at);
}
