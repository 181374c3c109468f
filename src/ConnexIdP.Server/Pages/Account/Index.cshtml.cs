using ConnexIdP.Core.Accounts;
using ConnexIdP.Server.Hosting;
using Microsoft.AspNetCore.Mvc;

namespace ConnexIdP.Server.Pages.Account;

/// <summary>
/// The signed-in person's own account: who they are, where to change credentials, and "Sign out everywhere else", which
/// ends every other session and revokes every application's tokens while this browser stays signed in.
/// </summary>
public sealed class IndexModel(AccountService accounts, AccountCredentialService credentials, TimeProvider clock) : AccountPageModel(accounts)
{
    public Core.Accounts.Account? Account { get; private set; }

    [BindProperty(SupportsGet = true)]
    public string? Changed { get; set; }

    /// <summary>A POST naming no action of this page (or one it does not have): nothing to do here.</summary>
    public IActionResult OnPost() => NotFound();

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        Account = await CurrentAccountAsync(cancellationToken);
        if (Account is null)
        {
            return SignInFirst();
        }

        return Account.PasswordChangeRequired is null ? Page() : Redirect("/account/password");
    }

    public async Task<IActionResult> OnPostSignOutEverywhereAsync(CancellationToken cancellationToken)
    {
        var account = await CurrentAccountAsync(cancellationToken);
        if (account is null)
        {
            return SignInFirst();
        }

        var result = await credentials.EndSessionsAsync(account.Email, "the account", SecurityEventRequest.Describe(HttpContext), cancellationToken);
        if (!result.Succeeded)
        {
            Account = account;
            return Refused(result);
        }

        // The new security stamp ended every session, this one included: this browser gets its session back.
        await AccountSession.ReissueAsync(HttpContext, result.Account!, clock.GetUtcNow());
        return new SeeOtherResult("/account?changed=sessions");
    }
}
