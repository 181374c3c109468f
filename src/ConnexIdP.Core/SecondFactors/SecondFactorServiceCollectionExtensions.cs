using ConnexIdP.Core.SecondFactors.PushApproval;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ConnexIdP.Core.SecondFactors;

public static class SecondFactorServiceCollectionExtensions
{
    public static IServiceCollection AddSecondFactors(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SecondFactorOptions>().Bind(configuration.GetSection(SecondFactorOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<AuthenticatorApps>();
        services.AddScoped<RecoveryCodes>();
        services.AddSingleton<WebAuthnRelyingParty>();
        services.AddScoped<WebAuthnChallenges>();
        services.AddScoped<SecurityKeys>();
        services.AddSingleton<ApprovalSignals>();
        services.AddScoped<PushApprovals>();
        services.AddScoped<SecondFactorService>();
        services.AddScoped<SecondFactorPruner>();
        return services;
    }
}
