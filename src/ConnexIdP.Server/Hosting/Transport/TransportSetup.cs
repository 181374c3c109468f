using System.ComponentModel.DataAnnotations;
using System.Net.Security;
using System.Security.Authentication;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace ConnexIdP.Server.Hosting.Transport;

/// <summary>
/// Kestrel as this server runs it: TLS 1.2 and 1.3 only, forward-secret AEAD suites, the certificate from PEM files
/// reloaded without restart and stapled with its OCSP response, and request limits that keep slow or oversized clients out.
/// </summary>
internal static class TransportSetup
{
    public static WebApplicationBuilder AddConnexTransport(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<TlsOptions>().Bind(builder.Configuration.GetSection(TlsOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<HttpOptions>().Bind(builder.Configuration.GetSection(HttpOptions.Section)).ValidateDataAnnotations()
            .Validate(http => Validator.TryValidateObject(http.Limits, new ValidationContext(http.Limits), null, validateAllProperties: true),
                "An Http:Limits value is out of range (see the README's configuration table).")
            .ValidateOnStart();
        services.AddSingleton<ServerCertificateStore>();
        services.AddHostedService<ServerCertificateWatcher>();
        services.AddOptions<FormOptions>().Configure<IOptions<HttpOptions>>((form, http) =>
        {
            var limits = http.Value.Limits;
            form.ValueCountLimit = limits.MaxFormValueCount;
            form.KeyLengthLimit = limits.MaxFormKeyLength;
            form.ValueLengthLimit = limits.MaxFormValueLength;
            form.MultipartBodyLengthLimit = limits.MaxRequestBodyBytes;
        });

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            var limits = kestrel.ApplicationServices.GetRequiredService<IOptions<HttpOptions>>().Value.Limits;
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = limits.MaxRequestBodyBytes;
            kestrel.Limits.MaxRequestHeadersTotalSize = limits.MaxRequestHeadersTotalBytes;
            kestrel.Limits.MaxRequestHeaderCount = limits.MaxRequestHeaderCount;
            kestrel.Limits.MaxRequestLineSize = limits.MaxRequestLineBytes;
            kestrel.Limits.RequestHeadersTimeout = limits.RequestHeadersTimeout;
            kestrel.Limits.KeepAliveTimeout = limits.KeepAliveTimeout;
            kestrel.Limits.MinRequestBodyDataRate = new MinDataRate(limits.MinDataRateBytesPerSecond, limits.DataRateGracePeriod);
            kestrel.Limits.MinResponseDataRate = new MinDataRate(limits.MinDataRateBytesPerSecond, limits.DataRateGracePeriod);
            kestrel.Limits.MaxConcurrentConnections = limits.MaxConcurrentConnections;
            kestrel.Limits.MaxConcurrentUpgradedConnections = limits.MaxConcurrentConnections;

            kestrel.ConfigureHttpsDefaults(https =>
            {
                var certificates = kestrel.ApplicationServices.GetRequiredService<ServerCertificateStore>();
                https.SslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13;

                // Kestrel wants a certificate source when it binds; the handshake itself takes the context set below.
                https.ServerCertificateSelector = (_, _) => certificates.Current.Certificate;
                _ = certificates.Current;
                var suites = OperatingSystem.IsLinux() ? TlsCipherSuites.ForwardSecretAead() : null;
                https.OnAuthenticate = (_, ssl) =>
                {
                    // The context carries the chain and the stapled OCSP response; it replaces Kestrel's per-handshake selector.
                    ssl.ServerCertificateSelectionCallback = null;
                    ssl.ServerCertificate = null;
                    ssl.ServerCertificateContext = certificates.Current.Context;
                    ssl.AllowRenegotiation = false;
                    if (suites is not null)
                    {
                        ssl.CipherSuitesPolicy = suites;
                    }
                };
            });
        });

        return builder;
    }

    /// <summary>First in the pipeline: plain-HTTP requests are redirected or refused before anything else sees them.</summary>
    public static WebApplication UsePlainHttpGuard(this WebApplication app)
    {
        app.UseMiddleware<PlainHttpGuard>();
        return app;
    }
}
