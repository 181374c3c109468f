using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ConnexIdP.Core.Data;
using ConnexIdP.Core.Keys;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace ConnexIdP.Core.Hosting;

/// <summary>
/// One Data Protection key ring for every server and the CLI: stored in the database (so a cookie or TOTP secret
/// protected by one process is readable by all), and encrypted to a certificate kept outside the database. Without a
/// certificate the server starts only in Development (which creates one) and Testing; anywhere else start-up stops
/// with a message that says what to provide.
/// </summary>
public static class DataProtectionRegistration
{
    public const string ApplicationName = "ConnexIdP";

    public static IServiceCollection AddConnexDataProtection(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        services.AddOptions<KeyRingProtectionOptions>().Bind(configuration.GetSection(KeyRingProtectionOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<KeyRingProtectionOptions>>(new KeyRingProtectionValidator(environment));
        var builder = services.AddDataProtection().SetApplicationName(ApplicationName).PersistKeysToDbContext<ConnexDbContext>();

        // Read here because Data Protection takes certificates, not factories; a missing or unreadable file is reported
        // by the validator above when the host starts, with the setting's name and never the file's content.
        var settings = configuration.GetSection(KeyRingProtectionOptions.Section).Get<KeyRingProtectionOptions>() ?? new KeyRingProtectionOptions();
        if (settings.Certificate is { } configured && Load(configured, "DataProtection:Certificate", out _) is { } current)
        {
            var all = settings.PreviousCertificates.Select(files => Load(files, "DataProtection:PreviousCertificates", out _)).OfType<X509Certificate2>().Prepend(current);
            builder.ProtectKeysWithCertificate(current).UnprotectKeysWithAnyCertificate([.. all]);
        }

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

    private sealed class KeyRingProtectionValidator(IHostEnvironment environment) : IValidateOptions<KeyRingProtectionOptions>
    {
        public ValidateOptionsResult Validate(string? name, KeyRingProtectionOptions options)
        {
            if (string.IsNullOrWhiteSpace(options.Certificate?.Path))
            {
                return environment.IsDevelopment() || environment.IsEnvironment(ConnexCoreServiceCollectionExtensions.TestingEnvironment)
                    ? ValidateOptionsResult.Success
                    : ValidateOptionsResult.Fail(
                        "DataProtection:Certificate:Path must name an RSA certificate (PEM, with its key or DataProtection:Certificate:KeyPath) kept outside the database: "
                        + "it encrypts the key ring that protects TOTP secrets and cookies.");
            }

            var problems = new List<string>();
            using var current = Load(options.Certificate, "DataProtection:Certificate", out var problem);
            if (problem is not null)
            {
                problems.Add(problem);
            }

            for (var i = 0; i < options.PreviousCertificates.Count; i++)
            {
                using var previous = Load(options.PreviousCertificates[i], $"DataProtection:PreviousCertificates:{i}", out problem);
                if (problem is not null)
                {
                    problems.Add(problem);
                }
            }

            return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
        }
    }

    private static X509Certificate2? Load(CertificateFiles files, string name, out string? problem)
    {
        problem = null;
        if (string.IsNullOrWhiteSpace(files.Path) || !File.Exists(files.Path))
        {
            problem = $"{name}:Path does not name a readable certificate file.";
            return null;
        }

        try
        {
            var certificate = X509Certificate2.CreateFromPemFile(Path.GetFullPath(files.Path), string.IsNullOrWhiteSpace(files.KeyPath) ? null : Path.GetFullPath(files.KeyPath));
            if (certificate.GetRSAPrivateKey() is not null)
            {
                return certificate;
            }

            certificate.Dispose();
            problem = $"{name} must be an RSA certificate with its private key.";
            return null;
        }
        catch (CryptographicException)
        {
            // The exception's message may quote file content: it is not passed on.
            problem = $"{name}: the certificate or its private key could not be read (PEM expected).";
            return null;
        }
    }
}
