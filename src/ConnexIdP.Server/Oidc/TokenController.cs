using System.Security.Claims;
using ConnexIdP.Core.Accounts;
using ConnexIdP.Core.Tokens;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace ConnexIdP.Server.Oidc;

/// <summary>
/// The token endpoint's product decisions, after OpenIddict has authenticated the client and validated the grant:
/// whether the account may still receive tokens, the refresh token's absolute cap, and the API audiences.
/// </summary>
[ApiExplorerSettings(IgnoreApi = true)]
public sealed class TokenController(
    IOpenIddictApplicationManager applications,
    IOpenIddictScopeManager scopes,
    AccountService accounts,
    ClaimsBuilder claims,
    IOptions<TokenOptions> tokenOptions,
    TimeProvider clock) : Controller
{
    [HttpPost("~/" + OidcServerSetup.TokenPath), IgnoreAntiforgeryToken, Produces("application/json")]
    public async Task<IActionResult> Exchange(CancellationToken cancellationToken)
    {
        var request = HttpContext.GetOpenIddictServerRequest()
            ?? throw new InvalidOperationException("The OpenID Connect request cannot be retrieved.");

        if (request.IsClientCredentialsGrantType())
        {
            var application = await applications.FindByClientIdAsync(request.ClientId!, cancellationToken)
                ?? throw new InvalidOperationException("The client application cannot be found.");
            var identity = ClaimsBuilder.ForClient(request.ClientId!, await applications.GetDisplayNameAsync(application, cancellationToken), request.GetScopes());
            identity.SetResources(await ResourcesAsync(request.GetScopes(), cancellationToken));
            return SignIn(new ClaimsPrincipal(identity), OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        }

        if (request.IsAuthorizationCodeGrantType() || request.IsRefreshTokenGrantType())
        {
            var principal = (await HttpContext.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme)).Principal
                ?? throw new InvalidOperationException("The grant's principal cannot be retrieved.");

            var account = await accounts.FindByIdAsync(principal.GetClaim(Claims.Subject)!, cancellationToken);
            if (account is not { Status: AccountStatus.Active })
            {
                return Refuse("The account is no longer allowed to sign in.");
            }

            var facts = SignInFacts.From(principal);
            if (facts is null)
            {
                return Refuse("The grant carries no sign-in time.");
            }

            var remaining = facts.AuthenticatedAt + tokenOptions.Value.RefreshTokenAbsoluteLifetime - clock.GetUtcNow();
            if (remaining <= TimeSpan.Zero)
            {
                return Refuse("The sign-in behind this grant is too old; sign in again.");
            }

            var grantedScopes = principal.GetScopes();
            var identity = claims.ForAccount(account, facts, grantedScopes, principal.HasClaim(c => c.Type == Claims.AuthenticationContextReference));
            identity.SetResources(principal.GetResources());
            identity.SetAuthorizationId(principal.GetAuthorizationId());
            identity.SetRefreshTokenLifetime(remaining < tokenOptions.Value.RefreshTokenLifetime ? remaining : tokenOptions.Value.RefreshTokenLifetime);
            return SignIn(new ClaimsPrincipal(identity), OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        }

        return Forbid(
            authenticationSchemes: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme,
            properties: new AuthenticationProperties(new Dictionary<string, string?>
            {
                [OpenIddictServerAspNetCoreConstants.Properties.Error] = Errors.UnsupportedGrantType,
                [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = "The grant type is not supported.",
            }));
    }

    private ForbidResult Refuse(string description) => Forbid(
        authenticationSchemes: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme,
        properties: new AuthenticationProperties(new Dictionary<string, string?>
        {
            [OpenIddictServerAspNetCoreConstants.Properties.Error] = Errors.InvalidGrant,
            [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = description,
        }));

    // Scopes come from the cross-request cache (ConnexScopeManager), so this costs no query on the client-credentials path.
    private async Task<List<string>> ResourcesAsync(System.Collections.Immutable.ImmutableArray<string> requested, CancellationToken cancellationToken)
    {
        var resources = new List<string>();
        await foreach (var resource in scopes.ListResourcesAsync(requested, cancellationToken))
        {
            resources.Add(resource);
        }

        return resources;
    }
}
