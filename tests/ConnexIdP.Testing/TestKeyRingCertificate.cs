using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ConnexIdP.Testing;

/// <summary>
/// What <c>DataProtection:Certificate:Path</c> takes, as docker/README.md makes it with openssl: an RSA-2048 certificate
/// and its private key in one PEM file.
/// </summary>
public static class TestKeyRingCertificate
{
    public static string Pem()
    {
        using var key = RSA.Create(2048);
        using var certificate = new CertificateRequest("CN=ConnexIdP test key ring", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            .CreateSelfSigned(DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddYears(100));
        return certificate.ExportCertificatePem() + "\n" + key.ExportPkcs8PrivateKeyPem() + "\n";
    }
}
