using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace ConnexIdP.Samples.RelyingParty;

/// <summary>
/// A web app that signs people in through ConnexIdP with Microsoft's OpenID Connect handler: authorization code,
/// PKCE, pushed authorization when offered, userinfo, refresh tokens and RP-initiated logout.
/// </summary>
public static class RelyingPartyApp
{
    public static WebApplication Build(RelyingPartySettings settings, string[]? args = null)
    {
        var builder = WebApplication.CreateBuilder(args ?? []);
        builder.Services.AddAuthentication(options =>
            {
                options.DefaultScheme = CookieAuthenticationDefaults.AuthenticationScheme;
                options.DefaultChallengeScheme = OpenIdConnectDefaults.AuthenticationScheme;
            })
            .AddCookie(options => options.Cookie.Name = "rp-session")
            .AddOpenIdConnect(options =>
            {
                options.Authority = settings.Authority.ToString();
                options.ClientId = settings.ClientId;
                options.ClientSecret = settings.ClientSecret;
                options.ResponseType = OpenIdConnectResponseType.Code;
                options.UsePkce = true;
                options.SaveTokens = true;
                options.GetClaimsFromUserInfoEndpoint = true;
                options.MapInboundClaims = false;
                options.TokenValidationParameters.NameClaimType = "name";
                options.Scope.Clear();
                foreach (var scope in settings.Scopes)
                {
                    options.Scope.Add(scope);
                }

                if (settings.BackchannelHandler is not null)
                {
                    options.BackchannelHttpHandler = settings.BackchannelHandler;
                }

                options.Events.OnRedirectToIdentityProvider = context =>
                {
                    if (settings.AcrValues is not null)
                    {
                        context.ProtocolMessage.AcrValues = settings.AcrValues;
                    }

                    if (context.Properties.Items.TryGetValue("prompt", out var prompt) && prompt is not null)
                    {
                        context.ProtocolMessage.Prompt = prompt;
                    }

                    return Task.CompletedTask;
                };
            });
        builder.Services.AddAuthorization();

        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();

        app.MapGet("/", (HttpContext context) => context.User.Identity?.IsAuthenticated == true
            ? Results.Content($"<p id=\"who\">Signed in as {System.Net.WebUtility.HtmlEncode(context.User.Identity.Name)}</p><a href=\"/logout\">Sign out</a>", "text/html")
            : Results.Content("<a id=\"signin\" href=\"/login\">Sign in</a>", "text/html"));

        app.MapGet("/login", (string? prompt) =>
        {
            var properties = new AuthenticationProperties { RedirectUri = "/" };
            if (prompt is not null)
            {
                properties.Items["prompt"] = prompt;
            }

            return Results.Challenge(properties, [OpenIdConnectDefaults.AuthenticationScheme]);
        });

        // What the app received, for people trying it out and for tests.
        app.MapGet("/tokens", async (HttpContext context) =>
        {
            var result = await context.AuthenticateAsync();
            if (!result.Succeeded)
            {
                return Results.Unauthorized();
            }

            return Results.Text(JsonSerializer.Serialize(new Dictionary<string, object?>
            {
                ["id_token"] = result.Properties!.GetTokenValue("id_token"),
                ["access_token"] = result.Properties.GetTokenValue("access_token"),
                ["refresh_token"] = result.Properties.GetTokenValue("refresh_token"),
                ["claims"] = result.Principal!.Claims.Select(c => new[] { c.Type, c.Value }).ToArray(),
            }), "application/json");
        }).RequireAuthorization();

        app.MapGet("/logout", () => Results.SignOut(
            new AuthenticationProperties { RedirectUri = "/" },
            [CookieAuthenticationDefaults.AuthenticationScheme, OpenIdConnectDefaults.AuthenticationScheme]));

        return app;
    }
}
