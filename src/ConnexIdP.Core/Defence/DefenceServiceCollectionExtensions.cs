using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace ConnexIdP.Core.Defence;

/// <summary>Registers backoff and lockout, with <c>SignInDefence</c> settings validated at start-up.</summary>
public static class DefenceServiceCollectionExtensions
{
    public static IServiceCollection AddSignInDefence(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        services.AddOptions<SignInDefenceOptions>().Bind(configuration.GetSection(SignInDefenceOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SignInDefenceOptions>>(new SignInDefenceOptionsValidator(environment));
        services.AddSingleton<BackoffSchedule>();
        services.AddScoped<FailureCounterStore>();
        services.AddScoped<FailureCounterPruner>();
        services.AddScoped<SignInDefence>();
        services.AddSingleton<FailureFreeKeys>();
        services.AddScoped<ClientBackoff>();
        return services;
    }
}
