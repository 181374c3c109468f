using System.Diagnostics.Metrics;

namespace ConnexIdP.Core.Security;

/// <summary>
/// The OpenTelemetry-style counters of the <c>ConnexIdP.Security</c> meter: any metrics exporter (OpenTelemetry,
/// dotnet-counters) listening to that meter name sees them. Every security event is counted by type and severity;
/// the events that dashboards watch most also have a counter of their own.
/// </summary>
public sealed class SecurityMetrics : IDisposable
{
    public const string MeterName = "ConnexIdP.Security";

    private readonly Counter<long> _events;
    private readonly Dictionary<string, Counter<long>> _byType;

    public SecurityMetrics()
    {
        Meter = new Meter(MeterName);
        _events = Meter.CreateCounter<long>("connexidp.security.events", "{event}", "Security events recorded, by type and severity.");
        _byType = new Dictionary<string, Counter<long>>(StringComparer.Ordinal)
        {
            [SecurityEventTypes.SignInSucceeded] = Meter.CreateCounter<long>("connexidp.signin.successes", "{sign-in}", "Successful sign-ins."),
            [SecurityEventTypes.SignInFailed] = Meter.CreateCounter<long>("connexidp.signin.failures", "{sign-in}", "Failed sign-ins (the credential was checked)."),
            [SecurityEventTypes.SignInRefused] = Meter.CreateCounter<long>("connexidp.signin.backoff_refusals", "{sign-in}", "Sign-ins refused unchecked by backoff or lockout."),
            [SecurityEventTypes.AccountLocked] = Meter.CreateCounter<long>("connexidp.signin.lockouts", "{lockout}", "Lockouts of an account's sign-in counter."),
            [SecurityEventTypes.ClientAuthenticationFailed] = Meter.CreateCounter<long>("connexidp.client_authentication.failures", "{request}", "Failed client authentications at the token endpoint."),
        };
    }

    /// <summary>The meter itself, for listeners that want this instance rather than every meter of the name.</summary>
    public Meter Meter { get; }

    /// <summary>
    /// The <c>connexidp.source_blocks.active</c> gauge, read from <paramref name="activeBlocks"/> whenever a listener
    /// collects: the server's in-memory block list (the CLI has none, so it has no such gauge).
    /// </summary>
    public void ObserveActiveBlocks(Func<int> activeBlocks) =>
        Meter.CreateObservableGauge("connexidp.source_blocks.active", activeBlocks, "{block}", "Source blocks this server enforces now.");

    public void Count(SecurityEvent recorded)
    {
        var type = new KeyValuePair<string, object?>("type", recorded.Type);
        _events.Add(1, type, new KeyValuePair<string, object?>("severity", recorded.Severity.ToString().ToLowerInvariant()));
        if (_byType.TryGetValue(recorded.Type, out var counter))
        {
            counter.Add(1);
        }
    }

    public void Dispose() => Meter.Dispose();
}
