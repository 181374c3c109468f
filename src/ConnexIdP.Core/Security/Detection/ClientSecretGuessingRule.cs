using System.Net;
using ConnexIdP.Core.Security.Sources;

namespace ConnexIdP.Core.Security.Detection;

/// <summary>Client-secret guessing: one address failing client authentication again and again, whatever client ids it names.</summary>
public sealed class ClientSecretGuessingRule(ThresholdOptions options, int maxKeys) : IDetectionRule
{
    private readonly SlidingWindows<IPNetwork, string> _failures = new(options.Window, options.Threshold, maxKeys);

    public string Name => "client-secret-guessing";

    public Detection? Observe(SourceObservation observation, DateTimeOffset now)
    {
        if (!options.Enabled || observation.Kind != ObservationKind.ClientAuthenticationFailed)
        {
            return null;
        }

        var source = SourceNetworks.AddressOnly(observation.Source);
        var (failures, clients) = _failures.Add(source, observation.ClientId ?? string.Empty, now,
            items => (items.Count, items.Distinct(StringComparer.Ordinal).Count()));
        if (failures < options.Threshold)
        {
            return null;
        }

        _failures.Forget(source);
        return new Detection(Name, DetectionSeverity.High, source,
            $"{source.BaseAddress} failed client authentication {failures} times within {options.Window}, naming {clients} client id(s).");
    }
}
