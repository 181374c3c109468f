using ConnexIdP.Core.Accounts;
using Microsoft.AspNetCore.Mvc;

namespace ConnexIdP.Server.Pages.Account;

/// <summary>The signed-in person's own account: who they are, and where to change credentials.</summary>
public sealed class IndexModel(AccountService accounts) : AccountPageModel(accounts)
{
    public Core.Accounts.Account? Account { get; private set; }

    [BindProperty(SupportsGet = true)]
    public string? Changed { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        Account = await CurrentAccountAsync(cancellationToken);
        if (Account is null)
        {
            return SignInFirst();
        }

        return Account.PasswordChangeRequired is null ? Page() : Redirect("/account/password");
    }
}
