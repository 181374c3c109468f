using System.Globalization;
using ConnexIdP.Core.Accounts;
using ConnexIdP.Core.SecondFactors;
using ConnexIdP.Server.Hosting;
using ConnexIdP.Server.Oidc;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ConnexIdP.Server.Pages.Account;

/// <summary>
/// What the signed-in account pages share: finding the account (a session without a second factor does not open them
/// for an account that must use one), sending others to sign in, fresh second-factor checks, and answering refusals.
/// </summary>
[ResponseCache(NoStore = true, Location = ResponseCacheLocation.None)]
public abstract class AccountPageModel(AccountService accounts) : PageModel
{
    public string? ErrorMessage { get; protected set; }

    private SecondFactorService SecondFactors => HttpContext.RequestServices.GetRequiredService<SecondFactorService>();

    protected async Task<Core.Accounts.Account?> CurrentAccountAsync(CancellationToken cancellationToken) =>
        (await SessionAsync(cancellationToken))?.Account;

    /// <summary>The session's account and how it signed in, or null (no session, or one that owes a required second factor).</summary>
    protected async Task<(Core.Accounts.Account Account, SignInFacts Facts)?> SessionAsync(CancellationToken cancellationToken)
    {
        var current = await AccountSession.CurrentAsync(HttpContext, accounts, cancellationToken);
        return current is { } found && !found.Facts.IsMultiFactor && SecondFactors.IsRequiredFor(found.Account) ? null : current;
    }

    protected IActionResult SignInFirst() =>
        Redirect(SessionDefaults.SignInPath + "?returnUrl=" + Uri.EscapeDataString(Request.Path + Request.QueryString));

    /// <summary>Whether a second factor was checked in this session within <c>SecondFactors:FreshCheckWindow</c>.</summary>
    protected bool IsFreshlyChecked(SignInFacts facts) =>
        facts.SecondFactorAt is { } at && HttpContext.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow() - at <= SecondFactors.Options.FreshCheckWindow;

    /// <summary>Asks for the second factor again, then comes back to <paramref name="returnUrl"/>.</summary>
    protected IActionResult CheckSecondFactorFirst(string returnUrl) => new SeeOtherResult(AccountSessionLinks.SecondFactor(returnUrl, null));

    /// <summary>Shows the page again with the refusal's message and a status that says what kind of refusal it was.</summary>
    protected IActionResult Refused(AccountResult result) => Refused(result.Error, result.Message, result.RetryAfterSeconds);

    protected IActionResult Refused(AccountError error, string? message, int? retryAfterSeconds)
    {
        ErrorMessage = message;
        Response.StatusCode = error switch
        {
            AccountError.Busy => StatusCodes.Status503ServiceUnavailable,
            AccountError.Throttled => StatusCodes.Status429TooManyRequests,
            AccountError.WrongPassword => StatusCodes.Status401Unauthorized,
            AccountError.NotFound or AccountError.RegistrationClosed => StatusCodes.Status403Forbidden,
            _ => StatusCodes.Status400BadRequest,
        };
        return WithRetryAfter(retryAfterSeconds);
    }

    /// <summary>Shows the page again with a second-factor refusal.</summary>
    protected IActionResult Refused(SecondFactorResult result)
    {
        ErrorMessage = result.Message;
        Response.StatusCode = result.Error switch
        {
            SecondFactorError.Throttled => StatusCodes.Status429TooManyRequests,
            SecondFactorError.WrongCode or SecondFactorError.Replayed => StatusCodes.Status401Unauthorized,
            SecondFactorError.NotFound => StatusCodes.Status404NotFound,
            SecondFactorError.LastRequiredFactor => StatusCodes.Status409Conflict,
            _ => StatusCodes.Status400BadRequest,
        };
        return WithRetryAfter(result.Refusal?.RetryAfterSeconds);
    }

    protected string LocalOr(string? returnUrl, string fallback) => returnUrl is not null && Url.IsLocalUrl(returnUrl) ? returnUrl : fallback;

    private PageResult WithRetryAfter(int? retryAfterSeconds)
    {
        if (retryAfterSeconds is { } seconds)
        {
            Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        }

        return Page();
    }
}
