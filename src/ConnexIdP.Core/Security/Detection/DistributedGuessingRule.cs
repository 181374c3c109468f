using System.Net;
using ConnexIdP.Core.Security.Sources;

namespace ConnexIdP.Core.Security.Detection;

/// <summary>
/// Distributed guessing: one account failing from many distinct networks, so no single source reaches a limit. No one
/// source is to blame, so nothing is blocked: it is reported (medium) for the account's owner and the operators; the
/// account's own backoff slows the guessing.
/// </summary>
public sealed class DistributedGuessingRule(ThresholdOptions options, int maxKeys) : IDetectionRule
{
    private readonly SlidingWindows<string, IPNetwork> _failures = new(options.Window, options.Threshold, maxKeys);

    public string Name => "distributed-guessing";

    public Detection? Observe(SourceObservation observation, DateTimeOffset now)
    {
        if (!options.Enabled || observation.Kind != ObservationKind.PasswordFailed || observation.Account is null)
        {
            return null;
        }

        var network = SourceNetworks.NetworkOf(observation.Source);
        var networks = _failures.Add(observation.Account, network, now, items => items.Distinct().Count());
        if (networks < options.Threshold)
        {
            return null;
        }

        _failures.Forget(observation.Account);
        return new Detection(Name, DetectionSeverity.Medium, network,
            $"One account failed to sign in from {networks} distinct networks within {options.Window}, the last {network}.", observation.Account);
    }
}
