using ConnexIdP.Core.Credentials;
using ConnexIdP.Core.Data;
using ConnexIdP.Core.Hosting;
using ConnexIdP.Core.Keys;
using ConnexIdP.Core.SecondFactors;
using ConnexIdP.Core.Security.Blocks;
using ConnexIdP.Core.Tokens;
using ConnexIdP.Server.Admin;
using ConnexIdP.Server.Hosting.Headers;
using ConnexIdP.Server.Hosting.Health;
using ConnexIdP.Server.Hosting.Telemetry;
using ConnexIdP.Server.Hosting.Transport;
using ConnexIdP.Server.Oidc;
using ConnexIdP.Server.SecondFactors;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;

namespace ConnexIdP.Server.Hosting;

/// <summary>Composition of the web host: Program.cs calls these three methods and nothing else.</summary>
public static class ConnexServerExtensions
{
    internal static WebApplicationBuilder AddConnexServer(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var environment = builder.Environment;
        ConnexCoreServiceCollectionExtensions.PrepareDevelopmentSecrets(configuration, environment);

        var tokens = new TokenOptions();
        configuration.GetSection(TokenOptions.Section).Bind(tokens);
        if (tokens.Issuer is null && !environment.IsDevelopment() && !environment.IsEnvironment(ConnexCoreServiceCollectionExtensions.TestingEnvironment))
        {
            throw new InvalidOperationException("Tokens:Issuer must be set to this server's public https URL outside Development (for example https://id.example.com/).");
        }

        var openIddict = builder.Services.AddConnexCore(configuration, environment);
        openIddict.AddOidcServer(builder.Services, tokens);
        openIddict.AddAdminApi(builder.Services);

        builder.Services.AddAuthentication(SessionDefaults.Scheme)
            .AddCookie(SessionDefaults.Scheme, options =>
            {
                HostOnly(options, SessionDefaults.CookieName, SameSiteMode.Lax);
                options.LoginPath = SessionDefaults.SignInPath;
                options.LogoutPath = "/account/signout";
                options.ReturnUrlParameter = "returnUrl";
                options.Events.OnValidatePrincipal = SessionLifetime.ValidateAsync;
            })

            // Opens only the second-factor and enrollment pages, for a few minutes after a correct password.
            .AddCookie(SessionDefaults.PendingScheme, options => HostOnly(options, SessionDefaults.PendingCookieName, SameSiteMode.Strict));
        builder.Services.AddOptions<SessionOptions>().Bind(configuration.GetSection(SessionOptions.Section)).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<SessionOptions>, SessionOptionsValidator>();
        builder.Services.AddOptions<CookieAuthenticationOptions>(SessionDefaults.Scheme)
            .Configure<IOptions<SessionOptions>>((cookie, session) => cookie.ExpireTimeSpan = session.Value.Lifetime);
        builder.Services.AddOptions<CookieAuthenticationOptions>(SessionDefaults.PendingScheme)
            .Configure<IOptions<SecondFactorOptions>>((cookie, factors) => cookie.ExpireTimeSpan = factors.Value.PendingSignInLifetime);

        builder.Services.AddAntiforgery(options =>
        {
            options.Cookie.Name = SessionDefaults.AntiforgeryCookieName;
            options.Cookie.SecurePolicy = CookieSecurePolicy.Always;
            options.Cookie.Path = "/";
            options.FormFieldName = "__af";
        });

        // Named explicitly so the pages and endpoints are found when another assembly hosts the server (tests).
        var serverAssembly = typeof(ConnexServerApp).Assembly;
        builder.Services.AddRazorPages().AddApplicationPart(serverAssembly);
        builder.Services.AddControllersWithViews().AddApplicationPart(serverAssembly);
        builder.Services.AddMemoryCache();
        builder.Services.AddSingleton<ClaimsBuilder>();
        builder.Services.AddSingleton<KnownDeviceCookie>();
        builder.Services.AddSingleton<ConnexIdP.Server.SecondFactors.ApprovalCookies>();
        builder.Services.AddHostedService<TokenPruning>();
        builder.Services.AddSourceDefence().AddSourceAddresses();
        builder.Services.AddPasskeyRateLimit();

        builder.Services.AddSecurityHeaders(configuration).AddConnexHealth();
        builder.AddConnexTransport().AddConnexTelemetry();
        return builder;
    }

    /// <summary>Applies migrations (when configured) and makes sure token keys exist before the first request.</summary>
    public static async Task PrepareConnexAsync(this WebApplication app)
    {
        // Created now rather than at the first sign-in, so its hashing threads exist and its limits are in the start-up log.
        app.Services.GetRequiredService<PasswordHashingGate>();

        var keys = app.Services.GetRequiredService<IOptions<KeyOptions>>().Value;
        if (keys.GenerateIfMissing)
        {
            app.Services.GetRequiredService<SigningKeyRing>().EnsureKeys();
        }

        if (app.Services.GetRequiredService<IOptions<DatabaseOptions>>().Value.MigrateOnStartup)
        {
            await using var scope = app.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<DatabaseMigrator>().MigrateAsync(app.Lifetime.ApplicationStopping);
        }

        // Blocks in force are loaded before the first request; afterwards they are refreshed in the background.
        await app.Services.GetRequiredService<SourceBlockList>().RefreshAsync(app.Lifetime.ApplicationStopping);

        if (app.Environment.IsDevelopment())
        {
            await FirstRunGuide.ShowIfEmptyAsync(app.Services, app.Logger, app.Lifetime.ApplicationStopping);
        }
    }

    internal static WebApplication UseConnexServer(this WebApplication app)
    {
        app.UseSourceAddresses();
        app.UseSecurityHeaders();
        app.UsePlainHttpGuard();
        app.UseMiddleware<SourceGate>();
        app.UseMiddleware<SignInLanes>();
        app.UseMiddleware<MalformedRequestGuard>();
        app.UseStatusCodePagesWithReExecute("/error/{0}");
        app.UseStaticFiles();
        app.UseRouting();
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
        app.MapRazorPages();
        app.MapControllers();
        app.MapConnexHealth();
        app.MapConnexTelemetry();
        return app;
    }

    // A __Host- cookie: HTTPS only, no script access, the whole site, and a fixed lifetime.
    private static void HostOnly(CookieAuthenticationOptions options, string name, SameSiteMode sameSite)
    {
        options.Cookie.Name = name;
        options.Cookie.HttpOnly = true;
        options.Cookie.SecurePolicy = CookieSecurePolicy.Always;
        options.Cookie.SameSite = sameSite;
        options.Cookie.Path = "/";
        options.SlidingExpiration = false;
    }
}
