using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using ConnexIdP.Core.Certificates;

namespace ConnexIdP.Server.Hosting.Transport;

/// <summary>One loaded server certificate: what handshakes present (with its chain and stapled OCSP response) and its validity.</summary>
internal sealed record ServerCertificate(X509Certificate2 Certificate, SslStreamCertificateContext Context, string Fingerprint)
{
    public CertificateValidity Validity { get; } = new(
        new DateTimeOffset(Certificate.NotBefore.ToUniversalTime()), new DateTimeOffset(Certificate.NotAfter.ToUniversalTime()));
}
