using ConnexIdP.Core.Passwords;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ConnexIdP.Tests.Passwords;

/// <summary>Password policy settings are checked at start-up; a bad one stops the server with a message naming the key.</summary>
public sealed class PasswordPolicyOptionsTests
{
    [Fact]
    public void The_defaults_are_the_standard_profile_up_to_256_characters()
    {
        using var services = Build([]);
        var policy = services.GetRequiredService<PasswordPolicy>();
        Assert.Equal(PasswordPolicyProfile.Standard, policy.Profile);
        Assert.Equal(256, policy.MaximumLength);
        Assert.Null(Error<PasswordBlocklistOptions>([]));
    }

    [Fact]
    public void A_maximum_below_64_stops_the_start_up()
    {
        Assert.Contains("Passwords:Policy:MaximumLength is 63", Error<PasswordPolicyOptions>(new() { ["Passwords:Policy:MaximumLength"] = "63" }), StringComparison.Ordinal);
        Assert.Null(Error<PasswordPolicyOptions>(new() { ["Passwords:Policy:MaximumLength"] = "64" }));
        Assert.Null(Error<PasswordPolicyOptions>(new() { ["Passwords:Policy:MaximumLength"] = "1024" }));
    }

    [Fact]
    public void The_profile_and_context_words_come_from_configuration()
    {
        using var services = Build(new()
        {
            ["Passwords:Policy:Profile"] = "Rev4",
            ["Passwords:Policy:ContextWords:0"] = "Globex",
        });
        var policy = services.GetRequiredService<PasswordPolicy>();
        Assert.Equal(15, policy.MinimumLength(new PasswordContext(null)));
        Assert.Equal(PasswordRefusal.ContextWord, policy.Check("Globex-Corporation", new PasswordContext(null)).Refusal);
    }

    [Fact]
    public void A_missing_or_foreign_blocklist_file_stops_the_start_up()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"connexidp-{Guid.NewGuid():N}.bin");
        Assert.Contains("Passwords:Blocklist:Path", Error<PasswordBlocklistOptions>(new() { ["Passwords:Blocklist:Path"] = missing }), StringComparison.Ordinal);

        var text = Path.GetTempFileName();
        try
        {
            File.WriteAllText(text, "password\n");
            Assert.Contains("is not a compiled ConnexIdP blocklist", Error<PasswordBlocklistOptions>(new() { ["Passwords:Blocklist:Path"] = text }), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(text);
        }
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(TimeProvider.System);
        services.AddPasswordPolicy(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        return services.BuildServiceProvider();
    }

    private static string? Error<TOptions>(Dictionary<string, string?> settings)
        where TOptions : class
    {
        using var services = Build(settings);
        try
        {
            _ = services.GetRequiredService<IOptions<TOptions>>().Value;
            return null;
        }
        catch (OptionsValidationException exception)
        {
            return exception.Message;
        }
    }
}
