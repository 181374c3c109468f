using Microsoft.Extensions.Configuration;

namespace ConnexIdP.Bench.SignInStorm;

/// <summary>What the storm is aimed at and how hard; from <c>--Storm:Key=value</c> arguments.</summary>
internal sealed record StormSettings(
    Uri Url,
    string CertificatePath,
    string Email,
    string Password,
    int Concurrency,
    int Rounds,
    int WarmupRounds,
    int Sources,
    bool NewConnections,
    int ServerPid,
    int HashSlots,
    int MemoryKiB)
{
    public static StormSettings From(string[] args)
    {
        var configuration = new ConfigurationBuilder().AddCommandLine(args).Build().GetSection("Storm");
        string Required(string key) => configuration[key] ?? throw new InvalidOperationException($"Missing --Storm:{key}=...");
        int Number(string key, int fallback) => int.TryParse(configuration[key], out var value) ? value : fallback;
        return new StormSettings(
            new Uri(Required("Url")),
            Required("Certificate"),
            Required("Email"),
            File.ReadAllText(Required("PasswordFile")),
            Number("Concurrency", 500),
            Number("Rounds", 5),
            Number("WarmupRounds", 10),
            Number("Sources", 50),
            string.Equals(configuration["NewConnections"], "true", StringComparison.OrdinalIgnoreCase),
            int.Parse(Required("ServerPid"), System.Globalization.CultureInfo.InvariantCulture),
            Number("HashSlots", 1),
            Number("MemoryKiB", 64 * 1024));
    }
}
