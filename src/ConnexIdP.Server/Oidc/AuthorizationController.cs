using System.Collections.Immutable;
using System.Security.Claims;
using ConnexIdP.Core.Accounts;
using ConnexIdP.Core.Clients;
using ConnexIdP.Core.SecondFactors;
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
/// The authorization endpoint's product decisions: OpenIddict has already validated the protocol (client, redirect
/// URI, PKCE, response type); this decides whether the person must sign in again, whether consent is needed, and
/// what the issued tokens say.
/// </summary>
[ApiExplorerSettings(IgnoreApi = true)]
public sealed class AuthorizationController(
    IOpenIddictApplicationManager applications,
    IOpenIddictAuthorizationManager authorizations,
    IOpenIddictScopeManager scopes,
    AccountService accounts,
    SecondFactorService secondFactors,
    ClaimsBuilder claims,
    IAntiforgery antiforgery,
    TimeProvider clock) : Controller
{
    internal const string ConsentDecisionField = "connexidp_consent";

    /// <summary>Added by the enrollment page's "cancel" link: the person would not add the second factor this request needs.</summary>
    internal const string SecondFactorDeclinedParameter = "connexidp_mfa_declined";

    /// <summary>OpenID Connect Core errata: the requested authentication (here a second factor) could not be performed.</summary>
    internal const string UnmetAuthenticationRequirements = "unmet_authentication_requirements";

    [HttpGet("~/" + OidcServerSetup.AuthorizationPath), HttpPost("~/" + OidcServerSetup.AuthorizationPath)]
    [IgnoreAntiforgeryToken]
    public async Task<IActionResult> Authorize(CancellationToken cancellationToken)
    {
        var request = HttpContext.GetOpenIddictServerRequest()
            ?? throw new InvalidOperationException("The OpenID Connect request cannot be retrieved.");

        var session = await HttpContext.AuthenticateAsync(SessionDefaults.Scheme);
        var facts = session.Succeeded ? SignInFacts.From(session.Principal) : null;
        var account = facts is null ? null : await AccountSession.CurrentAccountAsync(session.Principal!, accounts, cancellationToken);

        var hintedSubject = request.IdTokenHint is null ? null
            : (await HttpContext.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme)).Principal?.GetClaim(Claims.Subject);

        // A sign-in made during this very request satisfies prompt=login and max_age alike: max_age=0 means "sign in
        // now" (OIDC Core §3.1.2.1), and the sign-in time is kept in whole seconds, so without this it would loop.
        var mustSignIn = account is null || facts is null
            || (request.HasPromptValue(PromptValues.Login) && !IsFreshSignIn(facts))
            || (request.MaxAge is { } maxAge && clock.GetUtcNow() - facts.AuthenticatedAt > TimeSpan.FromSeconds(maxAge) && !IsFreshSignIn(facts))
            || (hintedSubject is not null && hintedSubject != account.Id);

        // The enrollment page's "cancel": the person would not add the second factor this request needs. An account that
        // must enroll before any session exists (an admin) cancels from its pending sign-in, without a session, so this
        // comes before signing in; otherwise the browser would be sent back to the password and then to enrollment again.
        if (Request.Query.ContainsKey(SecondFactorDeclinedParameter))
        {
            await HttpContext.SignOutAsync(SessionDefaults.PendingScheme);
            return Refuse(UnmetAuthenticationRequirements, "The user did not add the second factor this request requires.");
        }

        if (mustSignIn)
        {
            if (request.HasPromptValue(PromptValues.None))
            {
                return Refuse(Errors.LoginRequired, "The user is not signed in.");
            }

            return RedirectToSignIn(request);
        }

        var application = await applications.FindByClientIdAsync(request.ClientId!, cancellationToken)
            ?? throw new InvalidOperationException("The client application cannot be found.");

        // A second factor when the account has one or must have one, when the client requires one, or when the request
        // asks for a multi-factor level: then the session must be multi-factor, or the client gets an error — never less.
        var factors = await secondFactors.StatusAsync(account!, cancellationToken);
        var needsSecondFactor = factors.HasFactor || factors.Required
            || AuthenticationLevels.RequestsMultiFactor(request.AcrValues)
            || ClientSettings.RequiresSecondFactor(await applications.GetSettingsAsync(application, cancellationToken));
        if (needsSecondFactor && !facts!.IsMultiFactor)
        {
            if (request.HasPromptValue(PromptValues.None))
            {
                return Refuse(Errors.InteractionRequired, "The user must give a second factor first.");
            }

            var returnUrl = SignInReturn.Build(Request, request, clock);
            return Redirect(AccountSession.WithReturn(factors.HasFactor ? SessionDefaults.SecondFactorPath : SessionDefaults.EnrollPath, returnUrl));
        }

        // An initial or breached password is replaced before any client receives a token for this account.
        if (account!.PasswordChangeRequired is not null)
        {
            return request.HasPromptValue(PromptValues.None)
                ? Refuse(Errors.InteractionRequired, "The user must change their password first.")
                : Redirect(AccountSession.PasswordChangePath(SignInReturn.Build(Request, request, clock)));
        }

        var applicationId = (await applications.GetIdAsync(application, cancellationToken))!;
        var requested = request.GetScopes();
        var remembered = await HasRememberedConsentAsync(account!.Id, applicationId, requested, cancellationToken);
        var consentType = await applications.GetConsentTypeAsync(application, cancellationToken);
        var needsConsent = consentType != ConsentTypes.Implicit && (!remembered || request.HasPromptValue(PromptValues.Consent));

        if (needsConsent)
        {
            if (request.HasPromptValue(PromptValues.None))
            {
                return Refuse(Errors.ConsentRequired, "The user has not consented to this client.");
            }

            var decision = Request.HasFormContentType ? Request.Form[ConsentDecisionField].ToString() : string.Empty;
            if (string.IsNullOrEmpty(decision) || !await antiforgery.IsRequestValidAsync(HttpContext))
            {
                return View("Consent", new ConsentModel(
                    await applications.GetLocalizedDisplayNameAsync(application, cancellationToken) ?? request.ClientId!,
                    requested,
                    account.Email,
                    Request.HasFormContentType ? Request.Form : Request.Query));
            }

            if (decision != "accept")
            {
                return Refuse(Errors.AccessDenied, "The user denied the request.");
            }

            await authorizations.CreateAsync(
                identity: new ClaimsIdentity(),
                subject: account.Id,
                client: applicationId,
                type: AuthorizationTypes.Permanent,
                scopes: requested,
                cancellationToken: cancellationToken);
        }

        var identity = claims.ForAccount(account, facts!, requested, !string.IsNullOrEmpty(request.AcrValues));
        identity.SetResources(await ResourcesAsync(requested, cancellationToken));

        // Each sign-in grant is its own token family: replaying a code or a rotated refresh token revokes this
        // family and nothing else, while the remembered consent above lives on.
        var family = await authorizations.CreateAsync(
            identity: identity,
            subject: account.Id,
            client: applicationId,
            type: AuthorizationTypes.AdHoc,
            scopes: identity.GetScopes(),
            cancellationToken: cancellationToken);
        identity.SetAuthorizationId(await authorizations.GetIdAsync(family, cancellationToken));

        return SignIn(new ClaimsPrincipal(identity), OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    // prompt=login and max_age are satisfied by a sign-in that happened during this very authorization request
    // (marked by the sign-in page in the return URL), so the round trip cannot loop.
    private bool IsFreshSignIn(SignInFacts facts) =>
        Request.Query.TryGetValue(SignInReturn.FreshParameter, out var marker)
        && long.TryParse(marker, out var at)
        && clock.GetUtcNow().ToUnixTimeSeconds() - at < 600
        && facts.AuthenticatedAt.ToUnixTimeSeconds() >= at
        && clock.GetUtcNow() - facts.AuthenticatedAt < TimeSpan.FromMinutes(10);

    private async Task<bool> HasRememberedConsentAsync(string subject, string applicationId, ImmutableArray<string> requested, CancellationToken cancellationToken)
    {
        await foreach (var authorization in authorizations.FindAsync(subject, applicationId, Statuses.Valid, AuthorizationTypes.Permanent, requested, cancellationToken))
        {
            return true;
        }

        return false;
    }

    private async Task<List<string>> ResourcesAsync(ImmutableArray<string> requested, CancellationToken cancellationToken)
    {
        var resources = new List<string>();
        await foreach (var resource in scopes.ListResourcesAsync(requested, cancellationToken))
        {
            resources.Add(resource);
        }

        return resources;
    }

    private IActionResult RedirectToSignIn(OpenIddictRequest request)
    {
        var returnUrl = SignInReturn.Build(Request, request, clock);
        var target = SessionDefaults.SignInPath + QueryString.Create(new Dictionary<string, string?>
        {
            ["returnUrl"] = returnUrl,
            ["login_hint"] = request.LoginHint,
        }.Where(p => p.Value is not null));
        return new RedirectResult(target) { PreserveMethod = false };
    }

    private ForbidResult Refuse(string error, string description) => Forbid(
        authenticationSchemes: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme,
        properties: new AuthenticationProperties(new Dictionary<string, string?>
        {
            [OpenIddictServerAspNetCoreConstants.Properties.Error] = error,
            [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = description,
        }));

    /// <summary>What the consent page shows; <see cref="Parameters"/> are the request's own, posted back unchanged.</summary>
    public sealed record ConsentModel(string ClientName, ImmutableArray<string> Scopes, string Email, IEnumerable<KeyValuePair<string, StringValues>> Parameters);
}
