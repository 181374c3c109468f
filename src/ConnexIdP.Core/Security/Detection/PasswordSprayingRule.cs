using System.Net;
using ConnexIdP.Core.Security.Sources;

namespace ConnexIdP.Core.Security.Detection;

/// <summary>Password spraying: one address failing to sign in on many distinct accounts (a few passwords tried everywhere).</summary>
public sealed class PasswordSprayingRule(ThresholdOptions options, int maxKeys) : IDetectionRule
{
    private readonly SlidingWindows<IPNetwork, string> _failures = new(options.Window, options.Threshold, maxKeys);

    public string Name => "password-spraying";

    public Detection? Observe(SourceObservation observation, DateTimeOffset now)
    {
        if (!options.Enabled || observation.Kind != ObservationKind.PasswordFailed)
        {
            return null;
        }

        var source = SourceNetworks.AddressOnly(observation.Source);
        var accounts = _failures.Add(source, observation.Account ?? string.Empty, now, items => items.Distinct(StringComparer.Ordinal).Count());
        if (accounts < options.Threshold)
        {
            return null;
        }

        _failures.Forget(source);
        return new Detection(Name, DetectionSeverity.High, source,
            $"{source.BaseAddress} failed to sign in on {accounts} distinct accounts within {options.Window}.");
    }
}
