using Microsoft.AspNetCore.Authentication.JwtBearer;

namespace ConnexIdP.Samples.Api;

/// <summary>
/// An API that accepts ConnexIdP access tokens issued for its own audience only: JWT access tokens
/// (<c>typ: at+jwt</c>) signed with a key from the server's JWKS, with <c>aud</c> naming this API and the scope it requires.
/// </summary>
public static class ApiApp
{
    public static WebApplication Build(Uri authority, string audience, string requiredScope, HttpMessageHandler? backchannel = null, string[]? args = null)
    {
        var builder = WebApplication.CreateBuilder(args ?? []);
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
            .AddJwtBearer(options =>
            {
                options.Authority = authority.ToString();
                options.Audience = audience;
                options.MapInboundClaims = false;
                options.TokenValidationParameters.ValidTypes = ["at+jwt"];
                options.TokenValidationParameters.ValidAlgorithms = ["RS256", "ES256"];
                if (backchannel is not null)
                {
                    options.BackchannelHttpHandler = backchannel;
                }
            });
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy("scope", policy => policy.RequireAssertion(context =>
                context.User.FindAll("scope").SelectMany(c => c.Value.Split(' ')).Contains(requiredScope)));

        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapGet("/data", (HttpContext context) => Results.Ok(new
        {
            api = audience,
            caller = context.User.FindFirst("sub")?.Value,
            client = context.User.FindFirst("client_id")?.Value,
        })).RequireAuthorization("scope");
        return app;
    }
}
