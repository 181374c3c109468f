using System.Globalization;
using ConnexIdP.Core.Accounts;
using ConnexIdP.Core.Security.Detection;
using ConnexIdP.Server.Hosting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ConnexIdP.Server.Pages.Account;

/// <summary>
/// Password sign-in. Every failure reads the same, whether the account exists or not. When password hashing is at
/// capacity the answer is 503 with <c>Retry-After</c> and the page says when to try again.
/// </summary>
[ResponseCache(NoStore = true, Location = ResponseCacheLocation.None)]
public sealed class SignInModel(AccountService accounts, AccountCredentialService credentials, SourceDefence defence, TimeProvider clock) : PageModel
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

        var result = await accounts.CheckPasswordAsync(Email, Password, HttpContext.Connection.RemoteIpAddress, cancellationToken);
        Password = null;
        if (result.Busy is { } busy)
        {
            // Nothing was checked: the password hashing gate is at capacity. The email stays in its field.
            ErrorMessage = busy.Message;
            Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            Response.Headers.RetryAfter = busy.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
            return Page();
        }

        if (HttpContext.Connection.RemoteIpAddress is { } source)
        {
            await defence.ObserveAsync(new SourceObservation(
                result.Succeeded ? ObservationKind.PasswordSucceeded : ObservationKind.PasswordFailed,
                source,
                Account: EmailAddress.TryNormalize(Email, out var normalized) ? normalized : null), cancellationToken);
        }

        if (!result.Succeeded)
        {
            ErrorMessage = FailureMessage;
            Response.StatusCode = StatusCodes.Status401Unauthorized;
            return Page();
        }

        var account = result.Account!;
        await AccountSession.SignInAsync(HttpContext, account, clock.GetUtcNow());
        var next = ReturnUrl is not null && Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/account";
        return new SeeOtherResult(account.PasswordChangeRequired is null ? next : AccountSession.PasswordChangePath(next));
    }
}
