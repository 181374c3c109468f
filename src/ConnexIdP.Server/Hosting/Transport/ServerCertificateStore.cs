using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.Extensions.Options;

namespace ConnexIdP.Server.Hosting.Transport;

/// <summary>
/// The certificate every new TLS handshake presents, read from PEM files and replaced when the files change. A handshake
/// takes whatever is current when it starts, so connections already open keep theirs and none is dropped. A replacement
/// that cannot be loaded (files half written, key and certificate from different pairs) leaves the current one in place
/// until the next check.
/// </summary>
internal sealed partial class ServerCertificateStore(
    IOptions<TlsOptions> options, IHostEnvironment environment, TimeProvider clock, ILogger<ServerCertificateStore> logger)
{
    private readonly Lock _gate = new();
    private ServerCertificate? _current;

    /// <summary>The files read, or null when none is configured (the server then has no HTTPS endpoint to serve).</summary>
    public (string Certificate, string? Key)? Files
    {
        get
        {
            var tls = options.Value;
            if (!string.IsNullOrEmpty(tls.CertificatePath))
            {
                return (Path.GetFullPath(tls.CertificatePath), string.IsNullOrEmpty(tls.KeyPath) ? null : Path.GetFullPath(tls.KeyPath));
            }

            return environment.IsDevelopment() ? (Path.GetFullPath(tls.DevelopmentCertificatePath), null) : null;
        }
    }

    /// <summary>The certificate in use; the first call loads it and fails loudly when it cannot.</summary>
    public ServerCertificate Current => Volatile.Read(ref _current) ?? LoadFirst();

    /// <summary>Reads the files again and switches to them when they changed and load; true when the certificate was replaced.</summary>
    public bool Reload()
    {
        if (Files is not { } files || Volatile.Read(ref _current) is null)
        {
            return false;
        }

        try
        {
            lock (_gate)
            {
                var loaded = Load(files, _current?.Fingerprint);
                if (loaded is null)
                {
                    return false;
                }

                Volatile.Write(ref _current, loaded);
                LogLoaded(loaded);
                return true;
            }
        }
        catch (Exception exception) when (exception is CryptographicException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            LogReloadFailed(logger, files.Certificate, exception.GetType().Name, exception.Message);
            return false;
        }
    }

    private ServerCertificate LoadFirst()
    {
        var files = Files ?? throw new InvalidOperationException(
            "An HTTPS endpoint is configured but no certificate: set Tls:CertificatePath (and Tls:KeyPath when the key is in its own file).");
        lock (_gate)
        {
            if (_current is { } current)
            {
                return current;
            }

            if (environment.IsDevelopment() && string.IsNullOrEmpty(options.Value.CertificatePath))
            {
                DevelopmentTlsCertificate.LoadOrCreate(files.Certificate, clock).Dispose();
            }

            var loaded = Load(files, previousFingerprint: null)!;
            Volatile.Write(ref _current, loaded);
            LogLoaded(loaded);
            return loaded;
        }
    }

    // Null when the files are byte for byte what is already loaded.
    private ServerCertificate? Load((string Certificate, string? Key) files, string? previousFingerprint)
    {
        var certificatePem = File.ReadAllText(files.Certificate);
        var keyPem = files.Key is null ? certificatePem : File.ReadAllText(files.Key);
        var fingerprint = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(certificatePem + "\0" + keyPem)));
        if (fingerprint == previousFingerprint)
        {
            return null;
        }

        var leaf = X509Certificate2.CreateFromPem(certificatePem, keyPem);
        var issuers = new X509Certificate2Collection();
        issuers.ImportFromPem(certificatePem);
        foreach (var certificate in issuers.Where(c => c.RawDataMemory.Span.SequenceEqual(leaf.RawDataMemory.Span)).ToList())
        {
            issuers.Remove(certificate);
        }

        // offline: false lets .NET fetch the chain's missing issuers and, on Linux, the OCSP response it staples and
        // refreshes before it expires. A certificate that names no OCSP responder is served without a staple.
        var context = SslStreamCertificateContext.Create(leaf, issuers, offline: !options.Value.OcspStapling);
        return new ServerCertificate(leaf, context, fingerprint);
    }

    private void LogLoaded(ServerCertificate loaded) =>
        LogCertificateLoaded(logger, loaded.Certificate.Subject, loaded.Certificate.GetCertHashString(HashAlgorithmName.SHA256),
            loaded.Validity.NotBefore, loaded.Validity.NotAfter);

    [LoggerMessage(EventId = 7001, Level = LogLevel.Information, Message = "Server certificate {Subject} (SHA-256 {Thumbprint}) in use, valid from {NotBefore:u} until {NotAfter:u}")]
    private static partial void LogCertificateLoaded(ILogger logger, string subject, string thumbprint, DateTimeOffset notBefore, DateTimeOffset notAfter);

    [LoggerMessage(EventId = 7002, Level = LogLevel.Warning, Message = "The certificate files at {Path} changed but could not be loaded ({Error}: {Reason}); the current certificate stays in use and the files are read again at the next check")]
    private static partial void LogReloadFailed(ILogger logger, string path, string error, string reason);
}
