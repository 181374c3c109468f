using System.Net;
using ConnexIdP.Core.Security.Detection;
using ConnexIdP.Core.Security.Sources;

namespace ConnexIdP.Core.Security;

/// <summary>
/// Configuration section <c>SignInDefence</c> for sources (addresses and networks), beside the per-account <see cref="Defence.SignInDefenceOptions"/> of the same section: which proxies may name the client,
/// which networks are never blocked, how long blocks last, and the thresholds of each detection rule.
/// </summary>
public sealed class SourceDefenceOptions
{
    public const string Section = "SignInDefence";

    /// <summary>
    /// Proxies (addresses or CIDR networks) whose <c>X-Forwarded-For</c> names the client. Empty (the default): the header
    /// is ignored and the connection's address is the client's.
    /// </summary>
    public IList<string> TrustedProxies { get; } = [];

    /// <summary>Networks (monitoring, offices) that no rule and no block ever refuses.</summary>
    public IList<string> Allowlist { get; } = [];

    /// <summary>A source's first block lasts this long; each repeat offence doubles it.</summary>
    public TimeSpan BlockBaseDuration { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>The longest a rule's block lasts, however often the source offends.</summary>
    public TimeSpan BlockMaxDuration { get; set; } = TimeSpan.FromDays(1);

    /// <summary>A source whose last block began longer ago than this starts again at <see cref="BlockBaseDuration"/>.</summary>
    public TimeSpan OffenceMemory { get; set; } = TimeSpan.FromDays(30);

    /// <summary>
    /// How often each server reloads the blocks from the database (a block placed or lifted by this process counts at
    /// once; one placed by another process or the CLI counts after at most this long).
    /// </summary>
    public TimeSpan BlockRefreshInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>A blocked source's refusals are logged at most once per this interval (with the count in between).</summary>
    public TimeSpan RefusalLogInterval { get; set; } = TimeSpan.FromMinutes(1);

    public DetectionRuleOptions Rules { get; set; } = new();

    /// <summary>The parsed <see cref="TrustedProxies"/> (valid after <see cref="Validate"/> found no error).</summary>
    public IReadOnlyList<IPNetwork> TrustedProxyNetworks() => Parse(TrustedProxies);

    /// <summary>The parsed <see cref="Allowlist"/> (valid after <see cref="Validate"/> found no error).</summary>
    public IReadOnlyList<IPNetwork> AllowlistNetworks() => Parse(Allowlist);

    /// <summary>Every setting out of range, each message naming its key; empty when the options are usable.</summary>
    public IEnumerable<string> Validate()
    {
        foreach (var (key, list) in new[] { (nameof(TrustedProxies), TrustedProxies), (nameof(Allowlist), Allowlist) })
        {
            foreach (var entry in list)
            {
                if (!SourceNetworks.TryParse(entry, out _, out var error))
                {
                    yield return $"{Section}:{key}: {error}";
                }
            }
        }

        if (BlockBaseDuration < TimeSpan.FromSeconds(1) || BlockBaseDuration > BlockMaxDuration)
        {
            yield return $"{Section}:BlockBaseDuration is {BlockBaseDuration}; it must be at least one second and at most {Section}:BlockMaxDuration.";
        }

        if (BlockMaxDuration > TimeSpan.FromDays(365))
        {
            yield return $"{Section}:BlockMaxDuration is {BlockMaxDuration}; it must be at most 365 days.";
        }

        if (OffenceMemory < TimeSpan.Zero)
        {
            yield return $"{Section}:OffenceMemory must not be negative.";
        }

        if (BlockRefreshInterval <= TimeSpan.Zero || BlockRefreshInterval > TimeSpan.FromMinutes(5))
        {
            yield return $"{Section}:BlockRefreshInterval is {BlockRefreshInterval}; it must be more than zero and at most five minutes.";
        }

        if (RefusalLogInterval < TimeSpan.Zero)
        {
            yield return $"{Section}:RefusalLogInterval must not be negative.";
        }

        foreach (var error in Rules.Validate($"{Section}:Rules"))
        {
            yield return error;
        }
    }

    private static List<IPNetwork> Parse(IEnumerable<string> entries) =>
        [.. entries.Select(e => SourceNetworks.TryParse(e, out var network, out _) ? network.Value : throw new InvalidOperationException($"'{e}' is not a network."))];
}
