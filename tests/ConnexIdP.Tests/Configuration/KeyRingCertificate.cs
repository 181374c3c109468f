using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ConnexIdP.Tests.Configuration;

/// <summary>An RSA certificate with its key in one PEM file, as <c>DataProtection:Certificate:Path</c> wants outside Development.</summary>
internal static class KeyRingCertificate
{
    private static readonly Lazy<string> File = new(Create);

    public static string Path => File.Value;

    private static string Create()
    {
        var path = System.IO.Path.Combine(Directory.CreateTempSubdirectory("connexidp-keyring-").FullName, "key-ring.pem");
        using var key = RSA.Create(2048);
        using var certificate = new CertificateRequest("CN=ConnexIdP test key ring", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            .CreateSelfSigned(DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddYears(100));
        System.IO.File.WriteAllText(path, certificate.ExportCertificatePem() + "\n" + key.ExportPkcs8PrivateKeyPem() + "\n");
        return path;
    }
}
