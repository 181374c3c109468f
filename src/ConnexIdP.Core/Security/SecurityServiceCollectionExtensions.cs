using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ConnexIdP.Core.Security;

/// <summary>Registers the security event store, its stream and its meter.</summary>
public static class SecurityServiceCollectionExtensions
{
    public static IServiceCollection AddSecurityEvents(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SecurityEventOptions>().Bind(configuration.GetSection(SecurityEventOptions.Section))
            .Validate(o => !string.IsNullOrWhiteSpace(o.Stream), "Security:Events:Stream must be 'none', 'stdout' or a file path.")
            .ValidateOnStart();
        services.AddSingleton<SecurityMetrics>();
        services.AddSingleton<SecurityEventStream>();
        services.AddSingleton<SecurityEventLog>();
        services.AddScoped<SecurityEventReader>();
        return services;
    }
}
