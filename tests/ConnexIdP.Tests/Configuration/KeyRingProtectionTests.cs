using System.Security.Cryptography;
using ConnexIdP.Core.Hosting;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Options;

namespace ConnexIdP.Tests.Configuration;

/// <summary>Outside Development and Testing the Data Protection key ring must be encrypted to a certificate kept outside the database.</summary>
public sealed class KeyRingProtectionTests
{
    [Fact]
    public void Production_without_a_key_ring_certificate_stops_the_start_up_naming_the_setting()
    {
        var error = Assert.Throws<OptionsValidationException>(() => Validate(null));

        Assert.Contains("DataProtection:Certificate:Path", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unreadable_certificate_is_named_and_its_content_is_not_quoted()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("connexidp-keyring-").FullName, "broken.pem");
        File.WriteAllText(path, "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n");

        var error = Assert.Throws<OptionsValidationException>(() => Validate(path));

        Assert.Contains("DataProtection:Certificate: the certificate or its private key could not be read", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("bm90IGEgY2VydGlmaWNhdGU", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void With_a_certificate_the_start_up_passes_and_new_keys_are_encrypted_to_it()
    {
        var services = Validate(KeyRingCertificate.Path);

        var encryptor = Assert.IsType<CertificateXmlEncryptor>(services.GetRequiredService<IOptions<KeyManagementOptions>>().Value.XmlEncryptor);
        var encrypted = encryptor.Encrypt(new System.Xml.Linq.XElement("masterKey", "key material"));
        Assert.DoesNotContain("key material", encrypted.EncryptedElement.ToString(), StringComparison.Ordinal);
    }

    private static ServiceProvider Validate(string? certificate)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Passwords:Pepper:Value"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["DataProtection:Certificate:Path"] = certificate,
        };
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddConnexCore(new ConfigurationBuilder().AddInMemoryCollection(settings).Build(), new HostingEnvironment { EnvironmentName = Environments.Production });
        var provider = services.BuildServiceProvider();
        provider.GetRequiredService<IStartupValidator>().Validate();
        return provider;
    }
}
