using System.Globalization;
using System.Net;
using ConnexIdP.Core.Security.Sources;

namespace ConnexIdP.Core.Security.Detection;

/// <summary>
/// Credential stuffing: a network (/24, /64) trying many distinct accounts with nearly every attempt failing (leaked
/// email and password pairs replayed, often from several addresses of one network). Real users of a shared network
/// mostly succeed, which keeps the failure ratio below the threshold.
/// </summary>
public sealed class CredentialStuffingRule(CredentialStuffingOptions options, int maxKeys) : IDetectionRule
{
    // Successes are kept beside failures, so the ratio is over every attempt the window remembers.
    private readonly SlidingWindows<IPNetwork, (string Account, bool Failed)> _attempts =
        new(options.Window, Math.Max(4 * options.Threshold, 64), maxKeys);

    public string Name => "credential-stuffing";

    public Detection? Observe(SourceObservation observation, DateTimeOffset now)
    {
        if (!options.Enabled || observation.Kind is not (ObservationKind.PasswordFailed or ObservationKind.PasswordSucceeded))
        {
            return null;
        }

        var network = SourceNetworks.NetworkOf(observation.Source);
        var (accounts, ratio) = _attempts.Add(network, (observation.Account ?? string.Empty, observation.Kind == ObservationKind.PasswordFailed), now,
            items => (items.Select(i => i.Account).Distinct(StringComparer.Ordinal).Count(), items.Count(i => i.Failed) / (double)items.Count));
        if (accounts < options.Threshold || ratio < options.FailureRatio)
        {
            return null;
        }

        _attempts.Forget(network);
        return new Detection(Name, DetectionSeverity.High, network, string.Create(CultureInfo.InvariantCulture,
            $"{network} tried {accounts} distinct accounts within {options.Window}; {ratio:P0} of its attempts failed."));
    }
}
