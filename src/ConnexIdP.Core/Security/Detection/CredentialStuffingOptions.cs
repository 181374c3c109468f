namespace ConnexIdP.Core.Security.Detection;

/// <summary>Thresholds of <see cref="CredentialStuffingRule"/>: distinct accounts, window, and the share of attempts that failed.</summary>
public sealed class CredentialStuffingOptions : ThresholdOptions
{
    public double FailureRatio { get; set; } = 0.9;
}
