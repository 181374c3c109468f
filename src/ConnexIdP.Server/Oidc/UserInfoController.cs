using ConnexIdP.Core.Accounts;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace ConnexIdP.Server.Oidc;

/// <summary>UserInfo (GET and POST, bearer access token): current claims of the account, limited to the token's scopes.</summary>
[ApiExplorerSettings(IgnoreApi = true)]
[ResponseCache(NoStore = true, Location = ResponseCacheLocation.None)]
public sealed class UserInfoController(AccountService accounts) : Controller
{
    [Authorize(AuthenticationSchemes = OpenIddictServerAspNetCoreDefaults.AuthenticationScheme)]
    [HttpGet("~/" + OidcServerSetup.UserInfoPath), HttpPost("~/" + OidcServerSetup.UserInfoPath), IgnoreAntiforgeryToken, Produces("application/json")]
    public async Task<IActionResult> UserInfo(CancellationToken cancellationToken)
    {
        var subject = User.GetClaim(Claims.Subject);
        var account = subject is null ? null : await accounts.FindByIdAsync(subject, cancellationToken);
        if (account is not { Status: AccountStatus.Active })
        {
            return Challenge(
                authenticationSchemes: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme,
                properties: new AuthenticationProperties(new Dictionary<string, string?>
                {
                    [OpenIddictServerAspNetCoreConstants.Properties.Error] = Errors.InvalidToken,
                    [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = "The account behind this token no longer exists or is disabled.",
                }));
        }

        var claims = new Dictionary<string, object>(StringComparer.Ordinal) { [Claims.Subject] = account.Id };
        if (User.HasScope(Scopes.Profile))
        {
            claims[Claims.Name] = account.DisplayName ?? account.Email;
        }

        if (User.HasScope(Scopes.Email))
        {
            claims[Claims.Email] = account.Email;
        }

        return Ok(claims);
    }
}
