namespace ConnexIdP.Core.Security.Detection;

/// <summary>Configuration section <c>SignInDefence:Rules</c>: the thresholds of each detection rule.</summary>
public sealed class DetectionRuleOptions
{
    /// <summary>One address failing to sign in on many distinct accounts.</summary>
    public ThresholdOptions PasswordSpraying { get; set; } = new() { Threshold = 10, Window = TimeSpan.FromMinutes(10) };

    /// <summary>
    /// A network (/24, /64) trying many distinct accounts, nearly all failing. <see cref="ThresholdOptions.Threshold"/> is
    /// the number of distinct accounts; <see cref="CredentialStuffingOptions.FailureRatio"/> the share of attempts that failed.
    /// </summary>
    public CredentialStuffingOptions CredentialStuffing { get; set; } = new() { Threshold = 20, Window = TimeSpan.FromMinutes(15) };

    /// <summary>One address failing on one account again and again (failures and backoff refusals alike).</summary>
    public ThresholdOptions RepeatedGuessing { get; set; } = new() { Threshold = 10, Window = TimeSpan.FromMinutes(15) };

    /// <summary>One account failing from many distinct networks (the threshold counts networks).</summary>
    public ThresholdOptions DistributedGuessing { get; set; } = new() { Threshold = 10, Window = TimeSpan.FromMinutes(30) };

    /// <summary>One address failing client authentication at the token, introspection, revocation or PAR endpoints.</summary>
    public ThresholdOptions ClientSecretGuessing { get; set; } = new() { Threshold = 20, Window = TimeSpan.FromMinutes(5) };

    /// <summary>
    /// Rotated refresh tokens presented again from one address. Each one is reported; this many block it. High, because a
    /// client that lost a response (a crash, a dropped connection) retries with the token it holds, which is reuse too.
    /// </summary>
    public ThresholdOptions RefreshTokenReuse { get; set; } = new() { Threshold = 25, Window = TimeSpan.FromHours(1) };

    /// <summary>Scanner paths (<c>/.env</c>, <c>/wp-admin</c>, <c>/.git</c>, ...) probed from one address.</summary>
    public ThresholdOptions ScannerProbes { get; set; } = new() { Threshold = 3, Window = TimeSpan.FromMinutes(10) };

    /// <summary>Malformed or oversized requests and credentials from one address (a buggy client sends some too).</summary>
    public ThresholdOptions MalformedRequests { get; set; } = new() { Threshold = 20, Window = TimeSpan.FromMinutes(10) };

    /// <summary>Addresses, networks or accounts each rule keeps counts for at once; the oldest are forgotten beyond it.</summary>
    public int MaxTrackedKeys { get; set; } = 100_000;

    public IEnumerable<string> Validate(string section)
    {
        foreach (var (name, rule) in new (string, ThresholdOptions)[]
        {
            (nameof(PasswordSpraying), PasswordSpraying), (nameof(CredentialStuffing), CredentialStuffing),
            (nameof(DistributedGuessing), DistributedGuessing), (nameof(RepeatedGuessing), RepeatedGuessing), (nameof(ClientSecretGuessing), ClientSecretGuessing),
            (nameof(RefreshTokenReuse), RefreshTokenReuse), (nameof(ScannerProbes), ScannerProbes), (nameof(MalformedRequests), MalformedRequests),
        })
        {
            if (rule.Threshold is < 1 or > ThresholdOptions.MaxThreshold)
            {
                yield return $"{section}:{name}:Threshold is {rule.Threshold}; it must be 1 to {ThresholdOptions.MaxThreshold}.";
            }

            if (rule.Window <= TimeSpan.Zero || rule.Window > TimeSpan.FromDays(1))
            {
                yield return $"{section}:{name}:Window is {rule.Window}; it must be more than zero and at most one day.";
            }
        }

        if (CredentialStuffing.FailureRatio is <= 0 or > 1)
        {
            yield return $"{section}:CredentialStuffing:FailureRatio is {CredentialStuffing.FailureRatio}; it must be more than 0 and at most 1.";
        }

        if (MaxTrackedKeys is < 100 or > 10_000_000)
        {
            yield return $"{section}:MaxTrackedKeys is {MaxTrackedKeys}; it must be 100 to 10000000.";
        }
    }
}
