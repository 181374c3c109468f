using System.Net;
using ConnexIdP.Core.Security.Sources;

namespace ConnexIdP.Core.Security.Detection;

/// <summary>
/// Refresh token reuse: a rotated refresh token presented again, which means two parties hold it (the token family is
/// revoked by the protocol layer). Each one is reported (medium: the presenter may be the victim, if the thief used it
/// first); an address that does it repeatedly is blocked.
/// </summary>
public sealed class RefreshTokenReuseRule(ThresholdOptions options, int maxKeys) : IDetectionRule
{
    private readonly SlidingWindows<IPNetwork, string> _reuses = new(options.Window, options.Threshold, maxKeys);

    public string Name => "refresh-token-reuse";

    public Detection? Observe(SourceObservation observation, DateTimeOffset now)
    {
        if (!options.Enabled || observation.Kind != ObservationKind.RefreshTokenReused)
        {
            return null;
        }

        var source = SourceNetworks.AddressOnly(observation.Source);
        var client = observation.ClientId ?? "(unknown)";
        var reuses = _reuses.Add(source, client, now, items => items.Count);
        if (reuses < options.Threshold)
        {
            return new Detection(Name, DetectionSeverity.Medium, source,
                $"A rotated refresh token of client {client} was presented again by {source.BaseAddress}; its family is revoked.");
        }

        _reuses.Forget(source);
        return new Detection(Name, DetectionSeverity.High, source,
            $"{source.BaseAddress} presented {reuses} rotated refresh tokens again within {options.Window}.");
    }
}
