using ConnexIdP.Core.Accounts;
using ConnexIdP.Core.SecondFactors;
using ConnexIdP.Server.Hosting;
using ConnexIdP.Server.Oidc;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace ConnexIdP.Server.SecondFactors;

/// <summary>
/// The WebAuthn ceremonies the pages run from <c>js/webauthn.js</c>: register a security key or passkey, use a key as the
/// second factor, sign in with a passkey. Each is two form posts (antiforgery-checked): options with a challenge stored
/// server-side, then the browser's answer. Answers are JSON: <c>redirect</c> on success, <c>error</c> (and a 4xx) otherwise.
/// </summary>
[ApiExplorerSettings(IgnoreApi = true)]
[ResponseCache(NoStore = true, Location = ResponseCacheLocation.None)]
[ValidateAntiForgeryToken]
public sealed class WebAuthnController(AccountService accounts, SecondFactorService secondFactors, TimeProvider clock)
    : Controller
{
    public const string RegisterOptionsPath = "/account/security/keys/options";
    public const string RegisterPath = "/account/security/keys";
    public const string SecondFactorOptionsPath = "/account/signin/key/options";
    public const string SecondFactorPath = "/account/signin/key";
    public const string PasskeyOptionsPath = "/account/signin/passkey/options";
    public const string PasskeyPath = "/account/signin/passkey";

    [HttpPost("~" + RegisterOptionsPath)]
    public async Task<IActionResult> RegistrationOptions([FromForm] string? name, CancellationToken cancellationToken)
    {
        var (who, refusal) = await WhoMayRegisterAsync(cancellationToken);
        if (who is not { } found)
        {
            return refusal!;
        }

        var (start, result) = await secondFactors.BeginSecurityKeyAsync(found.Account, name, cancellationToken);
        return start is null ? Problem(StatusCodes.Status400BadRequest, result.Message) : Options(start);
    }

    [HttpPost("~" + RegisterPath)]
    public async Task<IActionResult> Register([FromForm] string? challengeId, [FromForm] string? credential, [FromForm] string? returnUrl, CancellationToken cancellationToken)
    {
        var (who, refusal) = await WhoMayRegisterAsync(cancellationToken);
        if (who is not { } found)
        {
            return refusal!;
        }

        var result = await secondFactors.CompleteSecurityKeyAsync(found.Account, challengeId, credential, SecurityEventRequest.Describe(HttpContext), cancellationToken);
        if (!result.Succeeded)
        {
            return Problem(StatusCodes.Status400BadRequest, result.Message);
        }

        // Making the credential proved the new key is at hand: the session is multi-factor from here (as after a first TOTP code).
        await AccountSession.SignInAsync(HttpContext, found.Account, found.Facts.WithSecondFactor(result.Methods, clock.GetUtcNow()));
        var next = Local(returnUrl) ?? "/account/security?added=key";
        return Json(new { redirect = next, recoveryCodes = result.RecoveryCodes });
    }

    [HttpPost("~" + SecondFactorOptionsPath)]
    public async Task<IActionResult> SecondFactorOptions(CancellationToken cancellationToken)
    {
        var who = await WhoOwesAFactorAsync(cancellationToken);
        return who is { } found
            ? Options(await secondFactors.BeginSecurityKeyCheckAsync(found.Account, cancellationToken))
            : Problem(StatusCodes.Status401Unauthorized, "Your sign-in has expired. Sign in again.");
    }

    [HttpPost("~" + SecondFactorPath)]
    public async Task<IActionResult> SecondFactor([FromForm] string? challengeId, [FromForm] string? credential, [FromForm] string? returnUrl, CancellationToken cancellationToken)
    {
        if (await WhoOwesAFactorAsync(cancellationToken) is not { } found)
        {
            return Problem(StatusCodes.Status401Unauthorized, "Your sign-in has expired. Sign in again.");
        }

        var result = await secondFactors.VerifySecurityKeyAsync(found.Account, challengeId, credential, SecurityEventRequest.Describe(HttpContext), cancellationToken);
        if (!result.Succeeded)
        {
            await SecondFactorObservations.ObserveAsync(HttpContext, found.Account, result, cancellationToken);
            return Refused(result);
        }

        await AccountSession.SignInAsync(HttpContext, found.Account, found.Facts.WithSecondFactor(result.Methods, clock.GetUtcNow()));
        return Json(new { redirect = Next(found.Account, returnUrl) });
    }

    [HttpPost("~" + PasskeyOptionsPath)]
    [EnableRateLimiting(PasskeyRateLimit.Policy)]
    public async Task<IActionResult> PasskeyOptions(CancellationToken cancellationToken) =>
        Options(await secondFactors.BeginPasskeySignInAsync(cancellationToken));

    [HttpPost("~" + PasskeyPath)]
    [EnableRateLimiting(PasskeyRateLimit.Policy)]
    public async Task<IActionResult> Passkey([FromForm] string? challengeId, [FromForm] string? credential, [FromForm] string? returnUrl, CancellationToken cancellationToken)
    {
        var (account, result) = await secondFactors.SignInWithPasskeyAsync(challengeId, credential, SecurityEventRequest.Describe(HttpContext), cancellationToken);
        if (account is null)
        {
            return Refused(result);
        }

        await AccountSession.SignInAsync(HttpContext, account, new SignInFacts(clock.GetUtcNow(), result.Methods, clock.GetUtcNow()), newSignIn: true);
        return Json(new { redirect = Next(account, returnUrl) });
    }

    private IActionResult Options(WebAuthnStart start) =>
        Content($"{{\"challengeId\":\"{start.ChallengeId}\",\"options\":{start.OptionsJson}}}", "application/json");

    private ObjectResult Problem(int status, string? message) => StatusCode(status, new { error = message });

    private ObjectResult Refused(SecondFactorResult result)
    {
        if (result.Refusal?.RetryAfterSeconds is { } seconds)
        {
            Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return Problem(result.Error switch
        {
            SecondFactorError.Throttled => StatusCodes.Status429TooManyRequests,
            SecondFactorError.EnrollmentExpired => StatusCodes.Status400BadRequest,
            _ => StatusCodes.Status401Unauthorized,
        }, result.Message);
    }

    private string? Local(string? returnUrl) => returnUrl is not null && Url.IsLocalUrl(returnUrl) ? returnUrl : null;

    private string Next(Account account, string? returnUrl)
    {
        var next = Local(returnUrl) ?? "/account";
        return account.PasswordChangeRequired is null ? next : AccountSession.PasswordChangePath(next);
    }

    // The pending sign-in after a password, or the session itself (step-up).
    private Task<(Account Account, SignInFacts Facts)?> WhoOwesAFactorAsync(CancellationToken cancellationToken) =>
        AccountSession.PendingOrCurrentAsync(HttpContext, accounts, cancellationToken);

    // As the authenticator page (see EnrollmentAccess): what is missing is answered with where to go.
    private async Task<((Account Account, SignInFacts Facts)? Who, IActionResult? Refusal)> WhoMayRegisterAsync(CancellationToken cancellationToken)
    {
        var access = await EnrollmentAccess.DecideAsync(HttpContext, accounts, secondFactors, clock, cancellationToken);
        return access.Missing switch
        {
            EnrollmentAccess.Needs.Nothing => ((access.Account!, access.Facts!), null),
            EnrollmentAccess.Needs.SignIn => (null, Problem(StatusCodes.Status401Unauthorized, "Your session has expired. Sign in again.")),
            _ => (null, StatusCode(StatusCodes.Status403Forbidden, new { error = "Confirm it is you first.", redirect = access.Redirect("/account/security") })),
        };
    }
}
