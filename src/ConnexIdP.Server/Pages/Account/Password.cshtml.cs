using ConnexIdP.Core.Accounts;
using ConnexIdP.Core.Passwords;
using ConnexIdP.Server.Hosting;
using Microsoft.AspNetCore.Mvc;

namespace ConnexIdP.Server.Pages.Account;

/// <summary>Change password: the current one is required; other sessions end and the account's tokens are revoked.</summary>
internal sealed class PasswordModel(
    AccountService accounts, AccountCredentialService credentials, PasswordPolicy policy, KnownDeviceCookie devices, TimeProvider clock)
    : AccountPageModel(accounts)
{
    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    [BindProperty]
    public string? CurrentPassword { get; set; }

    [BindProperty]
    public string? NewPassword { get; set; }

    public PasswordChangeReason? Reason { get; private set; }

    public int MinimumLength { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var account = await CurrentAccountAsync(cancellationToken);
        if (account is null)
        {
            return SignInFirst();
        }

        Describe(account);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var account = await CurrentAccountAsync(cancellationToken);
        if (account is null)
        {
            return SignInFirst();
        }

        var result = await credentials.ChangePasswordAsync(account.Id, CurrentPassword, NewPassword, new SignInAttempt(SecurityEventRequest.Describe(HttpContext), devices.Read(HttpContext)), cancellationToken);
        CurrentPassword = null;
        NewPassword = null;
        if (!result.Succeeded)
        {
            Describe(account);
            return Refused(result);
        }

        // This session goes on under the new security stamp; every other one has ended.
        await AccountSession.ReissueAsync(HttpContext, result.Account!, clock.GetUtcNow());
        return new SeeOtherResult(LocalOr(ReturnUrl, "/account?changed=password"));
    }

    private void Describe(Core.Accounts.Account account)
    {
        Reason = account.PasswordChangeRequired;
        MinimumLength = policy.MinimumLength(new PasswordContext(account.NormalizedEmail, PasswordOrigin.Person));
    }
}
