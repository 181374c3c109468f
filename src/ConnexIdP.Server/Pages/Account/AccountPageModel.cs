using System.Globalization;
using ConnexIdP.Core.Accounts;
using ConnexIdP.Server.Hosting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ConnexIdP.Server.Pages.Account;

/// <summary>What the signed-in account pages share: finding the account, sending others to sign in, and answering refusals.</summary>
[ResponseCache(NoStore = true, Location = ResponseCacheLocation.None)]
public abstract class AccountPageModel(AccountService accounts) : PageModel
{
    public string? ErrorMessage { get; protected set; }

    protected Task<Core.Accounts.Account?> CurrentAccountAsync(CancellationToken cancellationToken) =>
        AccountSession.CurrentAccountAsync(HttpContext, accounts, cancellationToken);

    protected IActionResult SignInFirst() =>
        Redirect(SessionDefaults.SignInPath + "?returnUrl=" + Uri.EscapeDataString(Request.Path + Request.QueryString));

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
        if (retryAfterSeconds is { } seconds)
        {
            Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        }

        return Page();
    }

    protected string LocalOr(string? returnUrl, string fallback) => returnUrl is not null && Url.IsLocalUrl(returnUrl) ? returnUrl : fallback;
}
