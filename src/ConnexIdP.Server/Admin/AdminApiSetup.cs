using System.Text.Json;
using System.Text.Json.Serialization;
using ConnexIdP.Core.Clients;
using Microsoft.AspNetCore.Authorization;
using OpenIddict.Validation.AspNetCore;

namespace ConnexIdP.Server.Admin;

/// <summary>
/// The admin API (<c>/admin/api/...</c>): access tokens issued by this server, validated in process by OpenIddict's
/// validation stack against the local server's keys, and carrying the <c>admin</c> scope (see <see cref="AdminAccess"/>).
/// </summary>
internal static class AdminApiSetup
{
    public const string Scope = ClientService.AdminScope;
    public const string Policy = "connexidp-admin";
    public const string RoutePrefix = "admin/api";

    /// <summary>Answers in snake_case, like the OAuth endpoints and the CLI's <c>--json</c>.</summary>
    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    public static void AddAdminApi(this OpenIddictBuilder builder, IServiceCollection services)
    {
        builder.AddValidation(options =>
        {
            options.UseLocalServer();
            options.UseAspNetCore();

            // Both entry checks, never the authorization one alone (GHSA-cxgj-hwwh-855g): a revoked token, or a token of a
            // revoked authorization, stops working at once instead of at its expiry.
            options.EnableTokenEntryValidation();
            options.EnableAuthorizationEntryValidation();
        });

        services.AddAuthorizationBuilder().AddPolicy(Policy, policy => policy
            .AddAuthenticationSchemes(OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme)
            .RequireAuthenticatedUser()
            .AddRequirements(new AdminAccess()));
        services.AddScoped<IAuthorizationHandler, AdminAccess.Handler>();
    }
}
