using System.Globalization;
using ConnexIdP.Core.Accounts;
using ConnexIdP.Core.SecondFactors;
using ConnexIdP.Core.Security.Detection;
using ConnexIdP.Server.Hosting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ConnexIdP.Server.Pages.Account;

/// <summary>
/// Password sign-in. Every failure reads the same, whether the account exists or not. An attempt refused by backoff
/// or lockout is answered 429 with <c>Retry-After</c>; when password hashing is at capacity the answer is 503 with
/// <c>Retry-After</c>; either way the page says when to try again. A correct password either signs in (and the browser
/// becomes a known device) or, for an account with (or required to have) a second factor, moves on to it: the browser
/// becomes a known device only once that is given.
/// </summary>
[ResponseCache(NoStore = true, Location = ResponseCacheLocation.None)]
internal sealed class SignInModel(
    AccountService accounts, AccountCredentialService credentials, SecondFactorService secondFactors, KnownDeviceCookie devices, SourceDefence defence, TimeProvider clock)
    : PageModel
{
    public const string FailureMessage = "The email or password is incorrect.";

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    [BindProperty]
    public string? Email { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    public string? ErrorMessage { get; private set; }

    public bool RegistrationEnabled => credentials.RegistrationEnabled;

    public void OnGet([FromQuery(Name = "login_hint")] string? loginHint)
    {
        if (loginHint is { Length: <= EmailAddress.MaxLength })
        {
            Email = loginHint;
        }
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (Email is { Length: > EmailAddress.MaxLength })
        {
            Email = null;
        }

        var device = devices.Read(HttpContext);
        var result = await accounts.CheckPasswordAsync(Email, Password, new SignInAttempt(SecurityEventRequest.Describe(HttpContext), device), cancellationToken);
        Password = null;
        if (result.Throttled is { } refusal)
        {
            // Nothing was checked: this email (or this known device) is in backoff or locked. Unknown emails alike. The
            // refusal still counts for the source: one hammering an account spends most of its attempts refused.
            await ObserveAsync(ObservationKind.PasswordRefused, cancellationToken);
            ErrorMessage = refusal.Message;
            Response.StatusCode = StatusCodes.Status429TooManyRequests;
            if (refusal.RetryAfterSeconds is { } seconds)
            {
                Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            }

            return Page();
        }

        if (result.Busy is { } busy)
        {
            // Nothing was checked: the password hashing gate is at capacity. The email stays in its field.
            ErrorMessage = busy.Message;
            Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            Response.Headers.RetryAfter = busy.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
            return Page();
        }

        await ObserveAsync(result.Succeeded ? ObservationKind.PasswordSucceeded : ObservationKind.PasswordFailed, cancellationToken);
        if (!result.Succeeded)
        {
            ErrorMessage = FailureMessage;
            Response.StatusCode = StatusCodes.Status401Unauthorized;
            return Page();
        }

        var account = result.Account!;
        var next = ReturnUrl is not null && Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/account";

        // An account with a second factor gives it next; one that must have a factor and has none enrolls one first.
        // Until then there is no session, only the pending sign-in that opens those two pages.
        var factors = await secondFactors.StatusAsync(account, cancellationToken);
        if (factors.HasFactor || factors.MustEnroll)
        {
            await AccountSession.StartPendingAsync(HttpContext, account, clock.GetUtcNow());
            return new SeeOtherResult(AccountSession.WithReturn(factors.HasFactor ? SessionDefaults.SecondFactorPath : SessionDefaults.EnrollPath, next));
        }

        await AccountSession.SignInAsync(HttpContext, account, clock.GetUtcNow());
        return new SeeOtherResult(account.PasswordChangeRequired is null ? next : AccountSession.PasswordChangePath(next));
    }

    private async Task ObserveAsync(ObservationKind kind, CancellationToken cancellationToken)
    {
        if (HttpContext.Connection.RemoteIpAddress is { } source)
        {
            await defence.ObserveAsync(new SourceObservation(
                kind,
                source,
                Account: EmailAddress.TryNormalize(Email, out var normalized) ? normalized : null,
                Request: SecurityEventRequest.Describe(HttpContext)), cancellationToken);
        }
    }
}
