using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ConnexIdP.Testing;

/// <summary>
/// One self-signed certificate for localhost/127.0.0.1 per test run, written as PEM for the server, and an
/// HttpClientHandler that trusts exactly that certificate (no blanket "accept everything").
/// </summary>
public static class TestTls
{
    private static readonly Lazy<(string Path, X509Certificate2 Certificate)> Shared = new(Create);

    public static string PemPath => Shared.Value.Path;

    public static X509Certificate2 Certificate => Shared.Value.Certificate;

    public static HttpClientHandler TrustingHandler(bool allowRedirects = false, System.Net.CookieContainer? cookies = null) => new()
    {
        AllowAutoRedirect = allowRedirects,
        UseCookies = cookies is not null,
        CookieContainer = cookies ?? new System.Net.CookieContainer(),
        ServerCertificateCustomValidationCallback = (_, certificate, _, _) =>
            certificate is not null && certificate.Thumbprint == Certificate.Thumbprint,
    };

    private static (string, X509Certificate2) Create()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(System.Net.IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(TimeProvider.System.GetUtcNow().AddDays(-1), TimeProvider.System.GetUtcNow().AddDays(7));
        var directory = Directory.CreateTempSubdirectory("connexidp-tls-").FullName;
        var path = Path.Combine(directory, "tls.pem");
        File.WriteAllText(path, certificate.ExportCertificatePem() + "\n" + key.ExportPkcs8PrivateKeyPem() + "\n");
        return (path, X509Certificate2.CreateFromPemFile(path, path));
    }
}
