namespace ConnexIdP.Server.Hosting.Telemetry;

/// <summary>
/// Configuration section <c>Telemetry</c>. OTLP export follows the standard <c>OTEL_EXPORTER_OTLP_*</c> and
/// <c>OTEL_SERVICE_NAME</c> environment variables and is on when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set.
/// </summary>
internal sealed class TelemetryOptions
{
    public const string Section = "Telemetry";

    public PrometheusSection Prometheus { get; set; } = new();

    public sealed class PrometheusSection
    {
        /// <summary>Serve metrics for scraping at <c>/metrics</c> (off by default: they are for operators, not the internet).</summary>
        public bool Enabled { get; set; }

        /// <summary>Serve <c>/metrics</c> only for this host pattern, for example <c>*:9464</c> with that port added to the server's URLs.</summary>
        public string? RequireHost { get; set; }
    }
}
