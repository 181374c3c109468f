using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ConnexIdP.Core.Passwords;

/// <summary>Registers the password policy, its blocklist and the generator, with their options validated at start-up.</summary>
public static class PasswordServiceCollectionExtensions
{
    public static IServiceCollection AddPasswordPolicy(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<PasswordPolicyOptions>().Bind(configuration.GetSection(PasswordPolicyOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<PasswordBlocklistOptions>().Bind(configuration.GetSection(PasswordBlocklistOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<PasswordBlocklist>();
        services.AddSingleton<PasswordPolicy>();
        services.AddSingleton<PasswordGenerator>();
        services.AddHostedService<PasswordBlocklistLoader>();
        return services;
    }
}
