using System.ComponentModel.DataAnnotations;

namespace ConnexIdP.Server.Hosting.Transport;

/// <summary>Configuration section <c>Tls</c>: the server certificate files, how they are watched, and when they count as expiring.</summary>
internal sealed class TlsOptions
{
    public const string Section = "Tls";

    /// <summary>PEM file: the server certificate first, then the certificates of its issuers (the OCSP issuer among them).</summary>
    public string? CertificatePath { get; set; }

    /// <summary>PEM private key; when empty, the key is read from <see cref="CertificatePath"/>.</summary>
    public string? KeyPath { get; set; }

    /// <summary>Self-signed certificate created on the first Development run when <see cref="CertificatePath"/> is not set.</summary>
    public string DevelopmentCertificatePath { get; set; } = "certs/dev/tls.pem";

    /// <summary>How often the files are read again, besides the file-system notifications that usually come first.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan ReloadInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>A certificate that expires within this margin fails the readiness check and is logged as a warning.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "90.00:00:00")]
    public TimeSpan ExpiryMargin { get; set; } = TimeSpan.FromHours(6);

    /// <summary>Fetch OCSP responses for the certificate (from its Authority Information Access) and staple them to handshakes.</summary>
    public bool OcspStapling { get; set; } = true;
}
