using System.Net;
using ConnexIdP.Core.Security.Sources;

namespace ConnexIdP.Core.Security.Detection;

/// <summary>
/// Repeated guessing: one address failing again and again on one account, at its password or, having the password, at
/// its second factor. The account's backoff slows it but never stops it (and refuses the owner's unknown devices too),
/// so the attempts it refuses count here as well as those that failed; at the threshold the address is blocked.
/// </summary>
public sealed class RepeatedGuessingRule(ThresholdOptions options, int maxKeys) : IDetectionRule
{
    private readonly SlidingWindows<(IPNetwork Source, string Account), ObservationKind> _attempts = new(options.Window, options.Threshold, maxKeys);

    public string Name => "repeated-guessing";

    public Detection? Observe(SourceObservation observation, DateTimeOffset now)
    {
        if (!options.Enabled || observation.Account is null || observation.Kind is not (ObservationKind.PasswordFailed or ObservationKind.PasswordRefused
                or ObservationKind.SecondFactorFailed or ObservationKind.SecondFactorRefused))
        {
            return null;
        }

        var key = (SourceNetworks.AddressOnly(observation.Source), observation.Account);
        var (attempts, refused) = _attempts.Add(key, observation.Kind, now,
            items => (items.Count, items.Count(k => k is ObservationKind.PasswordRefused or ObservationKind.SecondFactorRefused)));
        if (attempts < options.Threshold)
        {
            return null;
        }

        _attempts.Forget(key);
        return new Detection(Name, DetectionSeverity.High, key.Item1,
            $"{key.Item1.BaseAddress} failed to sign in on one account {attempts} times within {options.Window} ({refused} refused by its backoff).",
            observation.Account);
    }
}
