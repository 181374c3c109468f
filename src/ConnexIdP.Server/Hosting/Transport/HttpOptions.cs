using System.ComponentModel.DataAnnotations;

namespace ConnexIdP.Server.Hosting.Transport;

/// <summary>Configuration section <c>Http</c>: plain-HTTP handling and the request limits every endpoint runs under.</summary>
internal sealed class HttpOptions
{
    public const string Section = "Http";

    public PlainHttpMode PlainHttp { get; set; } = PlainHttpMode.Redirect;

    /// <summary>Port redirects point at; when unset, the port of the first HTTPS address the server listens on (443 when it has none).</summary>
    [Range(1, 65535)]
    public int? HttpsPort { get; set; }

    public LimitsSection Limits { get; set; } = new();

    /// <summary>Defaults sized for this server: its largest legitimate input is a form of a few kilobytes.</summary>
    public sealed class LimitsSection
    {
        /// <summary>
        /// Ceiling on any request body: above it Kestrel closes the connection without answering. Forms are refused well
        /// below it with an OAuth-style 413 (<see cref="MalformedRequestGuard"/>: 1 MiB, 64 KiB for sign-in), which needs
        /// Kestrel to read past what it refuses, so this stays a few times larger.
        /// </summary>
        [Range(1024 * 1024, 64 * 1024 * 1024)]
        public long MaxRequestBodyBytes { get; set; } = 16 * 1024 * 1024;

        [Range(1024, 1024 * 1024)]
        public int MaxRequestHeadersTotalBytes { get; set; } = 32 * 1024;

        [Range(8, 1000)]
        public int MaxRequestHeaderCount { get; set; } = 64;

        /// <summary>Request line (method, target, version); the sign-in form limit is sized from this one.</summary>
        [Range(1024, 64 * 1024)]
        public int MaxRequestLineBytes { get; set; } = 8 * 1024;

        [Range(8, 10_000)]
        public int MaxFormValueCount { get; set; } = 256;

        [Range(64, 16 * 1024)]
        public int MaxFormKeyLength { get; set; } = 256;

        /// <summary>One form value: a return URL, a request object or a client assertion fits with room to spare.</summary>
        [Range(1024, 1024 * 1024)]
        public int MaxFormValueLength { get; set; } = 64 * 1024;

        /// <summary>Time a client has to send all request headers; a slow-loris client is cut off after it.</summary>
        [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
        public TimeSpan RequestHeadersTimeout { get; set; } = TimeSpan.FromSeconds(10);

        [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
        public TimeSpan KeepAliveTimeout { get; set; } = TimeSpan.FromSeconds(60);

        /// <summary>Slowest body upload (and response read) tolerated after <see cref="DataRateGracePeriod"/>, in bytes per second.</summary>
        [Range(1, 1024 * 1024)]
        public double MinDataRateBytesPerSecond { get; set; } = 240;

        [Range(typeof(TimeSpan), "00:00:01", "00:01:00")]
        public TimeSpan DataRateGracePeriod { get; set; } = TimeSpan.FromSeconds(5);

        /// <summary>Open connections at once (HTTP and HTTPS together); unset means no limit.</summary>
        [Range(1, 1_000_000)]
        public long? MaxConcurrentConnections { get; set; }
    }
}
