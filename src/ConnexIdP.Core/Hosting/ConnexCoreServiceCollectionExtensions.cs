using System.Security.Cryptography;
using ConnexIdP.Core.Accounts;
using ConnexIdP.Core.Clients;
using ConnexIdP.Core.ConnectedApps;
using ConnexIdP.Core.Credentials;
using ConnexIdP.Core.Data;
using ConnexIdP.Core.Defence;
using ConnexIdP.Core.Keys;
using ConnexIdP.Core.Passwords;
using ConnexIdP.Core.Security;
using ConnexIdP.Core.SecondFactors;
using ConnexIdP.Core.Tokens;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ConnexIdP.Core.Hosting;

/// <summary>Registers what the server and the CLI share: options (validated at start-up), storage, hashing, accounts, clients, keys.</summary>
public static class ConnexCoreServiceCollectionExtensions
{
    /// <summary>Environment name under which Argon2 may run below production cost (test suites only).</summary>
    public const string TestingEnvironment = "Testing";

    public static OpenIddictBuilder AddConnexCore(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        services.TryAddTimeProvider();

        services.AddOptions<DatabaseOptions>().Bind(configuration.GetSection(DatabaseOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<KeyOptions>().Bind(configuration.GetSection(KeyOptions.Section)).ValidateDataAnnotations()
            .Validate(k => k.Rotation.Interval > k.Rotation.AnnounceAhead && k.Rotation.AnnounceAhead > TimeSpan.Zero,
                "Keys:Rotation:Interval must be longer than Keys:Rotation:AnnounceAhead, which must be positive.")
            .ValidateOnStart();
        services.AddOptions<ClientCacheOptions>().Bind(configuration.GetSection(ClientCacheOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<TokenOptions>().Bind(configuration.GetSection(TokenOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TokenOptions>>(new ListedErrorsValidator<TokenOptions>(o => o.Validate()));
        services.AddOptions<PasswordHashingOptions>().Bind(configuration.GetSection(PasswordHashingOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<PasswordHashingOptions>>(new PasswordHashingOptionsValidator(environment));
        services.AddSingleton<IValidateOptions<KeyOptions>>(new KeyRetentionValidator(configuration));

        services.AddDbContextPool<ConnexDbContext>((provider, builder) =>
            builder.UseConnexDatabase(provider.GetRequiredService<IOptions<DatabaseOptions>>().Value));

        services.AddSingleton(provider => PepperRing.FromOptions(
            provider.GetRequiredService<IOptions<PasswordHashingOptions>>(), provider.GetRequiredService<ILogger<PepperRing>>()));
        services.AddSingleton<PasswordHasher>();
        services.AddPasswordHashingGate(configuration);
        services.AddSingleton<ClientSecretHasher>();
        services.AddSingleton<ClientConfigurationCache>();
        services.AddSingleton<SigningKeyRing>();
        services.AddScoped<AccountService>();
        services.AddScoped<AccountCredentialService>();
        services.AddOptions<RegistrationOptions>().Bind(configuration.GetSection(RegistrationOptions.Section));
        services.AddScoped<PasswordHashCensus>();
        services.AddScoped<ClientService>();
        services.AddScoped<ConnectedAppService>();
        services.AddScoped<DatabaseMigrator>();
        services.AddScoped<TokenPruner>();
        services.AddSingleton<TokenRowWriter>();
        services.AddPasswordPolicy(configuration);
        services.AddSecurityEvents(configuration);
        services.AddSignInDefence(configuration, environment);
        services.AddSourceBlocks(configuration);
        services.AddConnexDataProtection(configuration, environment);
        services.AddSecondFactors(configuration);

        return services.AddOpenIddict()
            .AddCore(options =>
            {
                options.UseEntityFrameworkCore().UseDbContext<ConnexDbContext>();
                options.ReplaceApplicationManager<OpenIddict.EntityFrameworkCore.Models.OpenIddictEntityFrameworkCoreApplication, ConnexApplicationManager>();
                options.ReplaceScopeManager<OpenIddict.EntityFrameworkCore.Models.OpenIddictEntityFrameworkCoreScope, ConnexScopeManager>();

                // New token rows are committed in groups (see GroupCommitTokenStore for why that is safe).
                options.ReplaceTokenStore<OpenIddict.EntityFrameworkCore.Models.OpenIddictEntityFrameworkCoreToken, GroupCommitTokenStore>(ServiceLifetime.Scoped);
            });
    }

    /// <summary>
    /// In Development, creates the password pepper on first run (a git-ignored file under <c>certs/dev/</c>); token keys
    /// are created by <see cref="SigningKeyRing.EnsureKeys"/> when <c>Keys:GenerateIfMissing</c> is set.
    /// Anywhere else missing secrets stop the start-up with a message that says what to provide.
    /// </summary>
    public static void PrepareDevelopmentSecrets(IConfiguration configuration, IHostEnvironment environment)
    {
        if (!environment.IsDevelopment())
        {
            return;
        }

        var pepperFile = configuration[$"{PasswordHashingOptions.Section}:Pepper:File"];
        if (string.IsNullOrWhiteSpace(configuration[$"{PasswordHashingOptions.Section}:Pepper:Value"])
            && !string.IsNullOrWhiteSpace(pepperFile) && !File.Exists(pepperFile))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(pepperFile))!);
            SigningKeyRing.WriteSecretFile(pepperFile, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        }

        DataProtectionRegistration.CreateDevelopmentCertificate(configuration);
    }

    private static void TryAddTimeProvider(this IServiceCollection services)
    {
        if (!services.Any(d => d.ServiceType == typeof(TimeProvider)))
        {
            services.AddSingleton(TimeProvider.System);
        }
    }

    private sealed class PasswordHashingOptionsValidator(IHostEnvironment environment) : IValidateOptions<PasswordHashingOptions>
    {
        public ValidateOptionsResult Validate(string? name, PasswordHashingOptions options)
        {
            var errors = new List<string>();
            if (options.Argon2.MemoryKiB < PasswordHashingOptions.MinimumProductionMemoryKiB && !environment.IsEnvironment(TestingEnvironment))
            {
                errors.Add($"Passwords:Argon2:MemoryKiB is {options.Argon2.MemoryKiB}; below {PasswordHashingOptions.MinimumProductionMemoryKiB} (19 MiB) is allowed only in the {TestingEnvironment} environment.");
            }

            if (options.Argon2.Iterations < 2 && !environment.IsEnvironment(TestingEnvironment))
            {
                errors.Add("Passwords:Argon2:Iterations must be at least 2 outside the Testing environment.");
            }

            errors.AddRange(ConfiguredPeppers.Read(options, out _));
            return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
        }
    }

    private sealed class KeyRetentionValidator(IConfiguration configuration) : IValidateOptions<KeyOptions>
    {
        public ValidateOptionsResult Validate(string? name, KeyOptions options)
        {
            var tokens = new TokenOptions();
            configuration.GetSection(TokenOptions.Section).Bind(tokens);
            return options.RetainAfterReplacement < tokens.RefreshTokenAbsoluteLifetime
                ? ValidateOptionsResult.Fail("Keys:RetainAfterReplacement must be at least Tokens:RefreshTokenAbsoluteLifetime, or refresh tokens signed by a replaced key would stop working.")
                : ValidateOptionsResult.Success;
        }
    }
}
