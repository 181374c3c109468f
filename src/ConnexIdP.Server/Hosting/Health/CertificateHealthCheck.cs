using ConnexIdP.Core.Certificates;
using ConnexIdP.Server.Hosting.Transport;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace ConnexIdP.Server.Hosting.Health;

/// <summary>Unhealthy when the server certificate has expired or is within <c>Tls:ExpiryMargin</c> of expiring: its renewal failed.</summary>
internal sealed class CertificateHealthCheck(ServerCertificateStore store, IOptions<TlsOptions> options, TimeProvider clock) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (store.Files is null)
        {
            return Task.FromResult(HealthCheckResult.Healthy("No certificate configured (no HTTPS endpoint)."));
        }

        var validity = store.Current.Validity;
        var standing = validity.StandingAt(clock.GetUtcNow(), options.Value.ExpiryMargin);
        var description = $"{standing}; valid until {validity.NotAfter:u}";
        return Task.FromResult(standing == CertificateStanding.Valid ? HealthCheckResult.Healthy(description) : HealthCheckResult.Unhealthy(description));
    }
}
