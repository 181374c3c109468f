using Microsoft.AspNetCore.CookiePolicy;

namespace ConnexIdP.Server.Hosting.Headers;

/// <summary>Registers the hardening headers and cookie policy; static files (CSS, scripts) are the only responses allowed in caches.</summary>
internal static class HeadersSetup
{
    public static IServiceCollection AddSecurityHeaders(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SecurityHeadersOptions>().Bind(configuration.GetSection(SecurityHeadersOptions.Section)).ValidateDataAnnotations()
            .Validate(headers => headers.Hsts.MaxAge >= TimeSpan.FromDays(365), "Headers:Hsts:MaxAge must be at least 365 days.")
            .ValidateOnStart();
        services.Configure<StaticFileOptions>(files => files.OnPrepareResponse = static file =>
            file.Context.Response.Headers.CacheControl = "public, max-age=3600");
        return services;
    }

    public static WebApplication UseSecurityHeaders(this WebApplication app)
    {
        app.UseMiddleware<SecurityHeaders>();

        // A safety net under each cookie's own settings: whatever sets a cookie later, it is Secure, HttpOnly and at least Lax.
        app.UseCookiePolicy(new CookiePolicyOptions
        {
            Secure = CookieSecurePolicy.Always,
            HttpOnly = HttpOnlyPolicy.Always,
            MinimumSameSitePolicy = SameSiteMode.Lax,
        });
        return app;
    }
}
