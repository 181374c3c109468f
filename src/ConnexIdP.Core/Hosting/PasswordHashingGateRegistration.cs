using ConnexIdP.Core.Credentials;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ConnexIdP.Core.Hosting;

/// <summary>Registers <see cref="PasswordHashingGate"/> with its options from <c>Passwords:Hashing</c>, validated at start-up.</summary>
internal static class PasswordHashingGateRegistration
{
    public static IServiceCollection AddPasswordHashingGate(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<PasswordHashingGateOptions>().Bind(configuration.GetSection(PasswordHashingGateOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<PasswordHashingGateOptions>>(new ListedErrorsValidator<PasswordHashingGateOptions>(o => o.Validate()));
        services.AddSingleton<PasswordHashingGate>();
        return services;
    }
}
