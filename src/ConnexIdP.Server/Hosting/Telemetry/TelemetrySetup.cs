using ConnexIdP.Core.Security;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace ConnexIdP.Server.Hosting.Telemetry;

/// <summary>
/// OpenTelemetry metrics (ASP.NET Core, Kestrel with its TLS handshakes, HttpClient, runtime, and the
/// <c>ConnexIdP.Security</c> meter) and traces (incoming requests and outgoing calls, health probes left out),
/// exported over OTLP and optionally served for Prometheus to scrape.
/// </summary>
internal static class TelemetrySetup
{
    public const string ServiceName = "connexidp";

    public static WebApplicationBuilder AddConnexTelemetry(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(TelemetryOptions.Section).Get<TelemetryOptions>() ?? new TelemetryOptions();
        builder.Services.AddOptions<TelemetryOptions>().Bind(builder.Configuration.GetSection(TelemetryOptions.Section));
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(ServiceName))
            .WithMetrics(metrics =>
            {
                metrics.AddAspNetCoreInstrumentation().AddHttpClientInstrumentation().AddRuntimeInstrumentation()
                    .AddMeter(SecurityMetrics.MeterName);
                if (options.Prometheus.Enabled)
                {
                    metrics.AddPrometheusExporter();
                }
            })
            .WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation(aspNetCore => aspNetCore.Filter = http => !http.Request.Path.StartsWithSegments("/health"))
                .AddHttpClientInstrumentation());
        if (!string.IsNullOrEmpty(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            telemetry.UseOtlpExporter();
        }

        return builder;
    }

    public static WebApplication MapConnexTelemetry(this WebApplication app)
    {
        var options = app.Configuration.GetSection(TelemetryOptions.Section).Get<TelemetryOptions>() ?? new TelemetryOptions();
        if (options.Prometheus.Enabled)
        {
            var endpoint = app.MapPrometheusScrapingEndpoint();
            if (!string.IsNullOrEmpty(options.Prometheus.RequireHost))
            {
                endpoint.RequireHost(options.Prometheus.RequireHost);
            }
        }

        return app;
    }
}
