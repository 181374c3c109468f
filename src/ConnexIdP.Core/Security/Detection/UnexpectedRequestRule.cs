using System.Net;
using ConnexIdP.Core.Security.Sources;

namespace ConnexIdP.Core.Security.Detection;

/// <summary>
/// Requests no browser or client of ours sends, one kind per instance: scanner probes (<c>/.env</c>, <c>/wp-admin</c>,
/// <c>/.git</c>, ...; <see cref="ScannerProbes"/>) or malformed and oversized requests and credentials
/// (<see cref="MalformedRequests"/>, whose threshold is higher: a buggy client sends them too). Each is reported (low);
/// an address that reaches the threshold is blocked.
/// </summary>
public sealed class UnexpectedRequestRule(ObservationKind kind, string name, ThresholdOptions options, int maxKeys) : IDetectionRule
{
    public static UnexpectedRequestRule ScannerProbes(ThresholdOptions options, int maxKeys) => new(ObservationKind.ScannerProbe, "scanner-probes", options, maxKeys);

    public static UnexpectedRequestRule MalformedRequests(ThresholdOptions options, int maxKeys) => new(ObservationKind.MalformedRequest, "malformed-requests", options, maxKeys);

    private readonly SlidingWindows<IPNetwork, string> _requests = new(options.Window, options.Threshold, maxKeys);

    public string Name => name;

    public Detection? Observe(SourceObservation observation, DateTimeOffset now)
    {
        if (!options.Enabled || observation.Kind != kind)
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
