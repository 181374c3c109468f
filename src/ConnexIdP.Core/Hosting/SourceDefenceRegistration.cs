using ConnexIdP.Core.Security;
using ConnexIdP.Core.Security.Blocks;
using ConnexIdP.Core.Security.Detection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ConnexIdP.Core.Hosting;

/// <summary>
/// Registers the source defence from <c>SignInDefence</c>, validated at start-up: the block store (server and CLI), and
/// for the server, the in-memory block list and the detection rules.
/// </summary>
public static class SourceDefenceRegistration
{
    /// <summary>What the CLI needs too: options and the <c>source_blocks</c> store.</summary>
    internal static IServiceCollection AddSourceBlocks(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SourceDefenceOptions>().Bind(configuration.GetSection(SourceDefenceOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SourceDefenceOptions>>(new ListedErrorsValidator<SourceDefenceOptions>(o => o.Validate()));
        services.AddScoped<SourceBlockStore>();
        services.AddScoped<BlockAdministration>();
        return services;
    }

    /// <summary>The server's part: blocks cached in memory, the detection rules and <see cref="SourceDefence"/>.</summary>
    public static IServiceCollection AddSourceDefence(this IServiceCollection services)
    {
        services.AddSingleton(provider =>
        {
            var blocks = ActivatorUtilities.CreateInstance<SourceBlockList>(provider);
            provider.GetRequiredService<SecurityMetrics>().ObserveActiveBlocks(blocks.ActiveCount);
            return blocks;
        });
        services.AddSingleton<SourceDefence>();
        AddRule(services, (rules, keys) => new PasswordSprayingRule(rules.PasswordSpraying, keys));
        AddRule(services, (rules, keys) => new CredentialStuffingRule(rules.CredentialStuffing, keys));
        AddRule(services, (rules, keys) => new DistributedGuessingRule(rules.DistributedGuessing, keys));
        AddRule(services, (rules, keys) => new RepeatedGuessingRule(rules.RepeatedGuessing, keys));
        AddRule(services, (rules, keys) => new ClientSecretGuessingRule(rules.ClientSecretGuessing, keys));
        AddRule(services, (rules, keys) => new RefreshTokenReuseRule(rules.RefreshTokenReuse, keys));
        AddRule(services, (rules, keys) => UnexpectedRequestRule.ScannerProbes(rules.ScannerProbes, keys));
        AddRule(services, (rules, keys) => UnexpectedRequestRule.MalformedRequests(rules.MalformedRequests, keys));
        return services;
    }

    private static void AddRule(IServiceCollection services, Func<DetectionRuleOptions, int, IDetectionRule> create) =>
        services.AddSingleton(provider =>
        {
            var rules = provider.GetRequiredService<IOptions<SourceDefenceOptions>>().Value.Rules;
            return create(rules, rules.MaxTrackedKeys);
        });
}
