using ConnexIdP.Core.Tokens;
using Microsoft.Extensions.Options;
using OpenIddict.Server;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace ConnexIdP.Server.Oidc;

/// <summary>The OpenIddict token server as ConnexIdP runs it: code + PKCE (S256 only), refresh rotation, client credentials, PAR.</summary>
internal static class OidcServerSetup
{
    public const string AuthorizationPath = "connect/authorize";
    public const string PushedAuthorizationPath = "connect/par";
    public const string TokenPath = "connect/token";
    public const string UserInfoPath = "connect/userinfo";
    public const string EndSessionPath = "connect/endsession";
    public const string IntrospectionPath = "connect/introspect";
    public const string RevocationPath = "connect/revoke";

    public static void AddOidcServer(this OpenIddictBuilder builder, IServiceCollection services, TokenOptions tokens)
    {
        builder.AddServer(options =>
        {
            options.SetAuthorizationEndpointUris(AuthorizationPath)
                .SetPushedAuthorizationEndpointUris(PushedAuthorizationPath)
                .SetTokenEndpointUris(TokenPath)
                .SetUserInfoEndpointUris(UserInfoPath)
                .SetEndSessionEndpointUris(EndSessionPath)
                .SetIntrospectionEndpointUris(IntrospectionPath)
                .SetRevocationEndpointUris(RevocationPath);

            options.AllowAuthorizationCodeFlow()
                .AllowRefreshTokenFlow()
                .AllowClientCredentialsFlow();

            // PKCE for every client, S256 only: "plain" is not offered, so a request using it is refused.
            options.RequireProofKeyForCodeExchange();
            options.Configure(o =>
            {
                o.CodeChallengeMethods.Clear();
                o.CodeChallengeMethods.Add(CodeChallengeMethods.Sha256);
            });

            options.RegisterScopes(Scopes.OpenId, Scopes.Profile, Scopes.Email, Scopes.OfflineAccess);
            options.RegisterClaims(Claims.Subject, Claims.Name, Claims.Email, Claims.AuthenticationTime,
                Claims.AuthenticationMethodReference, Claims.AuthenticationContextReference);

            options.SetAuthorizationCodeLifetime(tokens.AuthorizationCodeLifetime)
                .SetAccessTokenLifetime(tokens.AccessTokenLifetime)
                .SetIdentityTokenLifetime(tokens.IdentityTokenLifetime)
                .SetRefreshTokenLifetime(tokens.RefreshTokenLifetime)
                .Configure(o => o.RequestTokenLifetime = tokens.PushedRequestLifetime);

            // A rotated refresh token presented again revokes its whole family; per-client leeway is opt-in.
            options.SetRefreshTokenReuseLeeway(null);
            options.AddEventHandler(ClientRefreshTokenLeeway.Descriptor)
                .Configure(ClientRefreshTokenLeeway.GuardBuiltInCheck);

            // What the detection rules learn from the protocol layer: reused refresh tokens and failed client authentication.
            options.AddEventHandler(RefreshTokenReuseDetection.Descriptor);
            options.AddEventHandler(AnnounceAuthenticationLevels.Descriptor);
            foreach (var descriptor in ClientAuthenticationFailures.Descriptors)
            {
                options.AddEventHandler(descriptor);
            }

            // private_key_jwt: each assertion is single-use, and any fault in one is invalid_client.
            foreach (var descriptor in ClientAssertionHandlers.Descriptors)
            {
                options.AddEventHandler(descriptor);
            }

            // Client secrets back off per client id and per source address, as passwords do per account.
            foreach (var descriptor in ClientAuthenticationDefence.Descriptors)
            {
                options.AddEventHandler(descriptor);
            }

            // Repeated, oversized or non-UTF-8 parameters are refused before anything reads them; other refusals of an
            // authorization request go back to the client when its redirect URI is one registered for it.
            options.AddEventHandler(RejectMalformedParameters.Descriptor)
                .AddEventHandler(ReturnErrorsToRegisteredRedirectUri.Descriptor);

            if (tokens.Issuer is not null)
            {
                options.SetIssuer(tokens.Issuer);
            }

            // Access tokens are signed JWTs that APIs validate with the published keys; codes and refresh tokens stay encrypted.
            options.DisableAccessTokenEncryption();

            options.UseAspNetCore()
                .EnableAuthorizationEndpointPassthrough()
                .EnableTokenEndpointPassthrough()
                .EnableUserInfoEndpointPassthrough()
                .EnableEndSessionEndpointPassthrough()
                .EnableStatusCodePagesIntegration();

            // OpenIddict marks token, revocation and authorization answers no-store but not introspection's, which
            // carries the token's subject, scopes and client; nor its own userinfo errors (the controller marks its answers).
            options.AddEventHandler(OpenIddictServerAspNetCoreHandlers.AttachCacheControlHeader<OpenIddictServerEvents.ApplyIntrospectionResponseContext>.Descriptor)
                .AddEventHandler(OpenIddictServerAspNetCoreHandlers.AttachCacheControlHeader<OpenIddictServerEvents.ApplyUserInfoResponseContext>.Descriptor);
        });

        services.AddSingleton<ClientRefreshTokenLeeway.SkipWhenReusable>();
        services.AddSingleton<IConfigureOptions<OpenIddictServerOptions>, KeyRingServerOptions>();
        services.AddSingleton<IConfigureOptions<OpenIddictServerOptions>, TimeProviderServerOptions>();
        services.AddSingleton<KeyRingWatcher>();
        services.AddSingleton<IOptionsChangeTokenSource<OpenIddictServerOptions>>(provider => provider.GetRequiredService<KeyRingWatcher>());
        services.AddHostedService(provider => provider.GetRequiredService<KeyRingWatcher>());
    }

    private sealed class TimeProviderServerOptions(TimeProvider clock) : IConfigureOptions<OpenIddictServerOptions>
    {
        public void Configure(OpenIddictServerOptions options) => options.TimeProvider = clock;
    }
}
