using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ConnexIdP.Core.Keys;

namespace ConnexIdP.Server.Hosting;

/// <summary>
/// A self-signed, short-lived (30 days) ECDSA P-256 certificate for https://localhost, created on the first
/// Development run so the server starts on a fresh machine without the .NET developer certificate.
/// </summary>
internal static class DevelopmentTlsCertificate
{
    public static X509Certificate2 LoadOrCreate(string path, TimeProvider clock)
    {
        var full = Path.GetFullPath(path);
        if (File.Exists(full))
        {
            var existing = X509Certificate2.CreateFromPemFile(full, full);
            if (existing.NotAfter.ToUniversalTime() > clock.GetUtcNow().UtcDateTime.AddDays(2))
            {
                return existing;
            }

            File.Delete(full);
        }

        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(System.Net.IPAddress.Loopback);
        names.AddIpAddress(System.Net.IPAddress.IPv6Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        var now = clock.GetUtcNow();
        using var certificate = request.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(30));
        SigningKeyRing.WriteSecretFile(full, certificate.ExportCertificatePem() + "\n" + key.ExportPkcs8PrivateKeyPem() + "\n");
        return X509Certificate2.CreateFromPemFile(full, full);
    }
}
