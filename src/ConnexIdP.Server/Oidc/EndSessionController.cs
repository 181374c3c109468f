using ConnexIdP.Server.Hosting;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Primitives;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace ConnexIdP.Server.Oidc;

/// <summary>
/// RP-initiated logout. OpenIddict has checked <c>post_logout_redirect_uri</c> (exact match) and the
/// <c>id_token_hint</c>; without a valid hint for the signed-in person a confirmation page is shown first, so a
/// third-party link cannot sign anyone out.
/// </summary>
[ApiExplorerSettings(IgnoreApi = true)]
public sealed class EndSessionController(IAntiforgery antiforgery) : Controller
{
    internal const string ConfirmField = "connexidp_signout";

    [HttpGet("~/" + OidcServerSetup.EndSessionPath), HttpPost("~/" + OidcServerSetup.EndSessionPath), IgnoreAntiforgeryToken]
    public async Task<IActionResult> EndSession()
    {
        var request = HttpContext.GetOpenIddictServerRequest()
            ?? throw new InvalidOperationException("The OpenID Connect request cannot be retrieved.");

        var session = await HttpContext.AuthenticateAsync(SessionDefaults.Scheme);
        var sessionSubject = session.Principal?.FindFirst(Claims.Subject)?.Value;
        var hintedSubject = request.IdTokenHint is null ? null
            : (await HttpContext.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme)).Principal?.GetClaim(Claims.Subject);

        var confirmed = Request.HasFormContentType
            && Request.Form[ConfirmField] == "yes"
            && await antiforgery.IsRequestValidAsync(HttpContext);
        var hinted = hintedSubject is not null && (sessionSubject is null || sessionSubject == hintedSubject);

        if (!confirmed && !hinted && sessionSubject is not null)
        {
            return View("SignOut", new SignOutModel(
                session.Principal!.FindFirst(Claims.Email)?.Value ?? string.Empty,
                Request.HasFormContentType ? Request.Form : Request.Query));
        }

        await AccountSession.SignOutAsync(HttpContext);
        return SignOut(
            authenticationSchemes: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme,
            properties: new AuthenticationProperties { RedirectUri = "/account/signedout" });
    }

    public sealed record SignOutModel(string Email, IEnumerable<KeyValuePair<string, StringValues>> Parameters);
}
