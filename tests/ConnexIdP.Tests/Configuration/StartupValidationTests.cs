using System.Security.Cryptography;
using ConnexIdP.Core.Credentials;
using ConnexIdP.Core.Defence;
using ConnexIdP.Core.Hosting;
using ConnexIdP.Core.Keys;
using ConnexIdP.Core.Tokens;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace ConnexIdP.Tests.Configuration;

/// <summary>Unsafe or inconsistent settings stop the start-up with a message naming the key.</summary>
public sealed class StartupValidationTests
{
    private static readonly string Pepper = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    [Fact]
    public void Production_refuses_to_start_without_a_pepper()
    {
        var error = ValidationError<PasswordHashingOptions>("Production", new() { ["Passwords:Pepper:Value"] = null });
        Assert.Contains("No password pepper is configured", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Argon2_memory_below_19_MiB_is_refused_outside_the_testing_environment()
    {
        var error = ValidationError<PasswordHashingOptions>("Production", new() { ["Passwords:Argon2:MemoryKiB"] = "1024" });
        Assert.Contains("Passwords:Argon2:MemoryKiB", error, StringComparison.Ordinal);
        Assert.Null(ValidationError<PasswordHashingOptions>("Testing", new() { ["Passwords:Argon2:MemoryKiB"] = "1024", ["Passwords:Argon2:Iterations"] = "1" }));
    }

    [Theory]
    [InlineData("Passwords:Argon2:MemoryKiB", "2")]
    [InlineData("Passwords:Argon2:Iterations", "0")]
    [InlineData("Passwords:Argon2:Parallelism", "65")]
    public void Argon2_costs_outside_their_range_are_refused_even_in_the_testing_environment(string key, string value)
    {
        var error = ValidationError<PasswordHashingOptions>("Testing", new() { [key] = value });
        Assert.Contains(key, error, StringComparison.Ordinal);
    }

    public static TheoryData<Dictionary<string, string?>, string> PepperMistakes => new()
    {
        { new() { ["Passwords:PreviousPeppers:0:Id"] = "1", ["Passwords:PreviousPeppers:0:Value"] = Secret(1) }, "Passwords:PreviousPeppers:0:Id '1' is also the id of Passwords:Pepper:" },
        {
            new()
            {
                ["Passwords:PreviousPeppers:0:Id"] = "old", ["Passwords:PreviousPeppers:0:Value"] = Secret(1),
                ["Passwords:PreviousPeppers:1:Id"] = "old", ["Passwords:PreviousPeppers:1:Value"] = Secret(2),
            },
            "Passwords:PreviousPeppers:1:Id 'old' is also the id of Passwords:PreviousPeppers:0:"
        },
        { new() { ["Passwords:PreviousPeppers:0:Id"] = "old" }, "Passwords:PreviousPeppers:0 has neither File nor Value" },
        { new() { ["Passwords:PreviousPeppers:0:Value"] = Secret(1) }, "Passwords:PreviousPeppers:0:Id is missing" },
        { new() { ["Passwords:PreviousPeppers:0:Id"] = "old", ["Passwords:PreviousPeppers:0:Value"] = "not base64!" }, "Passwords:PreviousPeppers:0:Value is not valid base64" },
        { new() { ["Passwords:PreviousPeppers:0:Id"] = "old", ["Passwords:PreviousPeppers:0:Value"] = Secret(1, 16) }, "Passwords:PreviousPeppers:0:Value decodes to 16 bytes" },
        { new() { ["Passwords:PreviousPeppers:0:Id"] = "old", ["Passwords:PreviousPeppers:0:File"] = "/nonexistent/old-pepper.key" }, "Passwords:PreviousPeppers:0:File '/nonexistent/old-pepper.key' does not exist" },
        { new() { ["Passwords:PreviousPeppers:0:Id"] = "old", ["Passwords:PreviousPeppers:0:Value"] = Pepper }, "Passwords:PreviousPeppers:0 holds the same secret as Passwords:Pepper" },
        { new() { ["Passwords:Pepper:Id"] = "a$b" }, "Passwords:Pepper:Id must be 1 to 32 letters" },
        { new() { ["Passwords:Pepper:Id"] = Secret(1) }, "Passwords:Pepper:Id must be 1 to 32 letters" },
        { new() { ["Passwords:Pepper:Value"] = Secret(1, 31) }, "Passwords:Pepper:Value decodes to 31 bytes" },
    };

    [Theory]
    [MemberData(nameof(PepperMistakes))]
    public void Pepper_mistakes_are_refused_naming_the_key_and_never_a_secret(Dictionary<string, string?> settings, string named)
    {
        var error = ValidationError<PasswordHashingOptions>("Production", settings);

        Assert.Contains(named, error, StringComparison.Ordinal);
        // Every secret given, including one pasted into an id by mistake; file paths may be shown.
        var secrets = settings.Where(s => !s.Key.EndsWith(":File", StringComparison.Ordinal) && s.Value is { Length: > 20 }).Select(s => s.Value!);
        foreach (var secret in secrets.Append(Pepper))
        {
            Assert.DoesNotContain(secret, error, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_current_pepper_with_previous_ones_from_values_and_files_is_accepted()
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, Secret(3));
            Assert.Null(ValidationError<PasswordHashingOptions>("Production", new()
            {
                ["Passwords:Pepper:Id"] = "2026",
                ["Passwords:PreviousPeppers:0:Id"] = "2025",
                ["Passwords:PreviousPeppers:0:File"] = file,
                ["Passwords:PreviousPeppers:1:Id"] = "1",
                ["Passwords:PreviousPeppers:1:Value"] = Secret(4),
            }));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Default_production_settings_are_accepted()
    {
        Assert.Null(ValidationError<PasswordHashingOptions>("Production", []));
        Assert.Null(ValidationError<TokenOptions>("Production", []));
        Assert.Null(ValidationError<KeyOptions>("Production", []));
    }

    [Theory]
    [InlineData("Tokens:AuthorizationCodeLifetime", "00:30:00", "Tokens:AuthorizationCodeLifetime")]
    [InlineData("Tokens:Issuer", "http://id.example.com/", "Tokens:Issuer")]
    [InlineData("Tokens:RefreshTokenLifetime", "60.00:00:00", "Tokens:RefreshTokenLifetime")]
    public void Inconsistent_token_settings_are_refused(string key, string value, string named)
    {
        var error = ValidationError<TokenOptions>("Production", new() { [key] = value });
        Assert.Contains(named, error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_key_retention_shorter_than_the_refresh_token_cap_is_refused()
    {
        var error = ValidationError<KeyOptions>("Production", new() { ["Keys:RetainAfterReplacement"] = "7.00:00:00" });
        Assert.Contains("Keys:RetainAfterReplacement", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_rotation_announced_longer_than_its_interval_is_refused()
    {
        var error = ValidationError<KeyOptions>("Production", new()
        {
            ["Keys:Rotation:Interval"] = "10.00:00:00",
            ["Keys:Rotation:AnnounceAhead"] = "14.00:00:00",
        });
        Assert.Contains("Keys:Rotation:Interval", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("9")]
    [InlineData("1")]
    public void A_lockout_threshold_below_10_stops_the_start_up(string threshold)
    {
        var error = ValidationError<SignInDefenceOptions>("Production", new() { ["SignInDefence:LockoutThreshold"] = threshold });
        Assert.Contains($"SignInDefence:LockoutThreshold is {threshold}; it must be at least 10", error, StringComparison.Ordinal);
        Assert.Null(ValidationError<SignInDefenceOptions>("Production", new() { ["SignInDefence:LockoutThreshold"] = "10" }));
    }

    [Fact]
    public void No_permanent_lockout_threshold_beyond_100_and_no_backoff_switched_off_outside_tests()
    {
        Assert.Contains("SignInDefence:PermanentLockoutThreshold is 101", ValidationError<SignInDefenceOptions>("Production", new() { ["SignInDefence:PermanentLockoutThreshold"] = "101" }), StringComparison.Ordinal);
        Assert.Contains("SignInDefence:BaseDelay must be positive", ValidationError<SignInDefenceOptions>("Production", new() { ["SignInDefence:BaseDelay"] = "00:00:00" }), StringComparison.Ordinal);
        Assert.Null(ValidationError<SignInDefenceOptions>("Testing", new() { ["SignInDefence:BaseDelay"] = "00:00:00" }));
    }

    [Fact]
    public void A_counter_retention_shorter_than_the_longest_lock_stops_the_start_up()
    {
        var error = ValidationError<SignInDefenceOptions>("Production", new() { ["SignInDefence:CounterRetention"] = "12:00:00" });
        Assert.Contains("SignInDefence:CounterRetention is 12:00:00; it must be at least SignInDefence:MaximumLockoutPeriod", error, StringComparison.Ordinal);
        Assert.Null(ValidationError<SignInDefenceOptions>("Production", new() { ["SignInDefence:CounterRetention"] = "1.00:00:00" }));
    }

    // Distinct, fixed secrets, so that the test cases (and their names in the test report) are stable.
    private static string Secret(byte seed, int length = 32) => Convert.ToBase64String(Enumerable.Repeat(seed, length).Select((b, i) => (byte)(b * 31 + i)).ToArray());

    private static string? ValidationError<TOptions>(string environment, Dictionary<string, string?> overrides)
        where TOptions : class
    {
        var settings = new Dictionary<string, string?> { ["Passwords:Pepper:Value"] = Pepper };
        foreach (var (key, value) in overrides)
        {
            settings[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddConnexCore(configuration, new FixedEnvironment(environment));
        using var provider = services.BuildServiceProvider();
        try
        {
            _ = provider.GetRequiredService<IOptions<TOptions>>().Value;
            return null;
        }
        catch (OptionsValidationException exception)
        {
            return exception.Message;
        }
    }

    private sealed class FixedEnvironment(string name) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = name;
        public string ApplicationName { get; set; } = "ConnexIdP.Tests";
        public string ContentRootPath { get; set; } = AppContext.BaseDirectory;
        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}
