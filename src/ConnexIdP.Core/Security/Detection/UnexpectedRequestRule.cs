using System.Net;
using ConnexIdP.Core.Security.Sources;

namespace ConnexIdP.Core.Security.Detection;

/// <summary>
/// Requests no browser or client of ours sends: scanner paths (<c>/.env</c>, <c>/wp-admin</c>, <c>/.git</c>, ...) and
/// malformed or oversized credentials. Each is reported (low); an address that sends several is blocked.
/// </summary>
public sealed class UnexpectedRequestRule(ThresholdOptions options, int maxKeys) : IDetectionRule
{
    private readonly SlidingWindows<IPNetwork, string> _requests = new(options.Window, options.Threshold, maxKeys);

    public string Name => "unexpected-requests";

    public Detection? Observe(SourceObservation observation, DateTimeOffset now)
    {
        if (!options.Enabled || observation.Kind != ObservationKind.UnexpectedRequest)
        {
            return null;
        }

        var source = SourceNetworks.AddressOnly(observation.Source);
        var what = observation.Detail ?? "unexpected request";
        var count = _requests.Add(source, what, now, items => items.Count);
        if (count < options.Threshold)
        {
            return new Detection(Name, DetectionSeverity.Low, source, $"{source.BaseAddress} sent a request no client of ours sends: {what}.");
        }

        _requests.Forget(source);
        return new Detection(Name, DetectionSeverity.High, source,
            $"{source.BaseAddress} sent {count} requests no client of ours sends within {options.Window}, the last: {what}.");
    }
}
