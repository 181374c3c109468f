using System.Security.Cryptography;
using ConnexIdP.Core.Credentials;
using ConnexIdP.Core.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Options;

namespace ConnexIdP.Tests.Configuration;

/// <summary><c>Passwords:Hashing</c>: defaults that follow the machine, and settings that stop the start-up naming their key.</summary>
public sealed class PasswordHashingGateOptionsTests
{
    [Fact]
    public void By_default_one_hash_runs_per_processor_with_four_waiting_places_each()
    {
        var options = Resolve([]);

        Assert.Equal(Environment.ProcessorCount, options.EffectiveMaxConcurrent);
        Assert.Equal(4 * Environment.ProcessorCount, options.EffectiveQueueLimit);
        Assert.Equal(TimeSpan.FromSeconds(3), options.MaxWait);
        Assert.Equal(2, options.PerAccountLimit);
        Assert.Equal(Environment.ProcessorCount, options.EffectivePerSourceLimit);
    }

    [Fact]
    public void Configured_values_replace_the_defaults_and_zero_turns_the_address_cap_off()
    {
        var options = Resolve(new()
        {
            ["Passwords:Hashing:MaxConcurrent"] = "3",
            ["Passwords:Hashing:QueueLimit"] = "0",
            ["Passwords:Hashing:MaxWait"] = "00:00:10",
            ["Passwords:Hashing:PerAccountLimit"] = "5",
            ["Passwords:Hashing:PerSourceLimit"] = "0",
        });

        Assert.Equal(3, options.EffectiveMaxConcurrent);
        Assert.Equal(0, options.EffectiveQueueLimit);
        Assert.Equal(TimeSpan.FromSeconds(10), options.MaxWait);
        Assert.Equal(5, options.PerAccountLimit);
        Assert.Equal(0, options.EffectivePerSourceLimit);
    }

    [Theory]
    [InlineData("MaxConcurrent", "-1")]
    [InlineData("MaxConcurrent", "5000")]
    [InlineData("QueueLimit", "-1")]
    [InlineData("MaxWait", "00:00:00")]
    [InlineData("MaxWait", "00:05:00")]
    [InlineData("PerAccountLimit", "0")]
    [InlineData("PerSourceLimit", "-1")]
    public void An_unusable_setting_stops_the_start_up_naming_its_key(string key, string value)
    {
        var error = Assert.Throws<OptionsValidationException>(() => Resolve(new() { [$"Passwords:Hashing:{key}"] = value }));

        Assert.Contains($"Passwords:Hashing:{key} is", error.Message, StringComparison.Ordinal);
    }

    // Through the start-up validation the server and the CLI run, on the Production environment.
    private static PasswordHashingGateOptions Resolve(Dictionary<string, string?> settings)
    {
        settings["Passwords:Pepper:Value"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        settings["DataProtection:Certificate:Path"] = KeyRingCertificate.Path;
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddConnexCore(new ConfigurationBuilder().AddInMemoryCollection(settings).Build(), new HostingEnvironment { EnvironmentName = "Production" });
        using var provider = services.BuildServiceProvider();
        provider.GetRequiredService<IStartupValidator>().Validate();
        return provider.GetRequiredService<IOptions<PasswordHashingGateOptions>>().Value;
    }
}
