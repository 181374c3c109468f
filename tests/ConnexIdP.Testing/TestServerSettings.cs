using System.Security.Cryptography;
using ConnexIdP.Core.Hosting;

namespace ConnexIdP.Testing;

/// <summary>The configuration every test server runs with: its own port, data and keys, Argon2 at test cost, the test certificate.</summary>
public static class TestServerSettings
{
    public static Dictionary<string, string> Create(
        Uri baseAddress,
        string directory,
        string provider,
        string connectionString,
        IReadOnlyDictionary<string, string>? overrides = null)
    {
        var settings = new Dictionary<string, string>
        {
            ["environment"] = ConnexCoreServiceCollectionExtensions.TestingEnvironment,
            ["urls"] = $"{baseAddress.Scheme}://{baseAddress.Host}:{baseAddress.Port}",
            ["Database:Provider"] = provider,
            ["Database:ConnectionString"] = connectionString,
            ["Keys:Directory"] = Path.Combine(directory, "keys"),
            ["Keys:GenerateIfMissing"] = "true",
            ["Passwords:Argon2:MemoryKiB"] = "1024",
            ["Passwords:Argon2:Iterations"] = "1",
            ["Passwords:Pepper:Value"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["Tokens:Issuer"] = baseAddress.ToString(),
            ["Tls:CertificatePath"] = TestTls.PemPath,
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in overrides ?? new Dictionary<string, string>())
        {
            settings[key] = value;
        }

        return settings;
    }
}
