using ConnexIdP.Core.Accounts;
using ConnexIdP.Server.Hosting;
using Microsoft.AspNetCore.Mvc;

namespace ConnexIdP.Server.Pages.Account;

/// <summary>Change the sign-in email: the current password is required and rehashed under the new email.</summary>
internal sealed class EmailModel(AccountService accounts, AccountCredentialService credentials, KnownDeviceCookie devices, TimeProvider clock)
    : AccountPageModel(accounts)
{
    [BindProperty]
    public string? NewEmail { get; set; }

    [BindProperty]
    public string? CurrentPassword { get; set; }

    public string? CurrentEmail { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var account = await CurrentAccountAsync(cancellationToken);
        if (account is null)
        {
            return SignInFirst();
        }

        CurrentEmail = account.Email;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var account = await CurrentAccountAsync(cancellationToken);
        if (account is null)
        {
            return SignInFirst();
        }

        CurrentEmail = account.Email;
        if (NewEmail is { Length: > EmailAddress.MaxLength })
        {
            NewEmail = null;
        }

        var result = await credentials.ChangeEmailAsync(account.Id, NewEmail, CurrentPassword, new SignInAttempt(SecurityEventRequest.Describe(HttpContext), devices.Read(HttpContext)), cancellationToken);
        CurrentPassword = null;
        if (!result.Succeeded)
        {
            return Refused(result);
        }

        await AccountSession.ReissueAsync(HttpContext, result.Account!, clock.GetUtcNow());
        return new SeeOtherResult("/account?changed=email");
    }
}
