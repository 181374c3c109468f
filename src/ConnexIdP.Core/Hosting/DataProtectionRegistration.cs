using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ConnexIdP.Core.Data;
using ConnexIdP.Core.Keys;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ConnexIdP.Core.Hosting;

/// <summary>
/// One Data Protection key ring for every server and the CLI: stored in the database (so a cookie or TOTP secret
/// protected by one process is readable by all), and encrypted to a certificate kept outside the database. Without a
/// certificate the server starts only in Development (which creates one) and Testing.
/// </summary>
public static class DataProtectionRegistration
{
    public const string ApplicationName = "ConnexIdP";

    public static IServiceCollection AddConnexDataProtection(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var settings = configuration.GetSection(KeyRingProtectionOptions.Section).Get<KeyRingProtectionOptions>() ?? new KeyRingProtectionOptions();
        var builder = services.AddDataProtection().SetApplicationName(ApplicationName).PersistKeysToDbContext<ConnexDbContext>();
        if (string.IsNullOrWhiteSpace(settings.Certificate?.Path))
        {
            if (!environment.IsDevelopment() && !environment.IsEnvironment(ConnexCoreServiceCollectionExtensions.TestingEnvironment))
            {
                throw new InvalidOperationException(
                    "DataProtection:Certificate:Path must name an RSA certificate (PEM, with its key or DataProtection:Certificate:KeyPath) kept outside the database: "
                    + "it encrypts the key ring that protects TOTP secrets and cookies.");
            }

            return services;
        }

        var current = Load(settings.Certificate, "DataProtection:Certificate");
        var all = new List<X509Certificate2> { current };
        for (var i = 0; i < settings.PreviousCertificates.Count; i++)
        {
            all.Add(Load(settings.PreviousCertificates[i], $"DataProtection:PreviousCertificates:{i}"));
        }

        builder.ProtectKeysWithCertificate(current).UnprotectKeysWithAnyCertificate([.. all]);
        return services;
    }

    /// <summary>The Development certificate: created on first run under <c>certs/dev/</c> (git-ignored), RSA-2048, ten years.</summary>
    internal static void CreateDevelopmentCertificate(IConfiguration configuration)
    {
        var path = configuration[$"{KeyRingProtectionOptions.Section}:Certificate:Path"];
        if (string.IsNullOrWhiteSpace(path) || File.Exists(path) || !string.IsNullOrWhiteSpace(configuration[$"{KeyRingProtectionOptions.Section}:Certificate:KeyPath"]))
        {
            return;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=ConnexIdP development key ring", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyEncipherment, critical: true));
        var now = TimeProvider.System.GetUtcNow();
        using var certificate = request.CreateSelfSigned(now.AddMinutes(-5), now.AddYears(10));
        SigningKeyRing.WriteSecretFile(path, certificate.ExportCertificatePem() + "\n" + key.ExportPkcs8PrivateKeyPem() + "\n");
    }

    private static X509Certificate2 Load(CertificateFiles files, string name)
    {
        if (string.IsNullOrWhiteSpace(files.Path) || !File.Exists(files.Path))
        {
            throw new InvalidOperationException($"{name}:Path does not name a readable certificate file.");
        }

        try
        {
            var certificate = X509Certificate2.CreateFromPemFile(Path.GetFullPath(files.Path), string.IsNullOrWhiteSpace(files.KeyPath) ? null : Path.GetFullPath(files.KeyPath));
            return certificate.GetRSAPrivateKey() is null
                ? throw new InvalidOperationException($"{name} must be an RSA certificate with its private key.")
                : certificate;
        }
        catch (CryptographicException)
        {
            // The message of the exception may quote file content: it is not passed on.
            throw new InvalidOperationException($"{name}: the certificate or its private key could not be read (PEM expected).");
        }
    }
}
