using ConnexIdP.Core.Accounts;
using ConnexIdP.Core.ConnectedApps;
using ConnexIdP.Server.Hosting;
using Microsoft.AspNetCore.Mvc;

namespace ConnexIdP.Server.Pages.Account;

/// <summary>
/// The applications the signed-in person has let in (<c>/account/apps</c>): what each may ask for and since when, and
/// "Remove access", which revokes the grants and tokens of that application for this account.
/// </summary>
public sealed class AppsModel(AccountService accounts, ConnectedAppService connectedApps) : AccountPageModel(accounts)
{
    public const string PagePath = "/account/apps";

    public IReadOnlyList<ConnectedApp> Apps { get; private set; } = [];

    /// <summary>Set after a removal, for the notice (which names no application: the query string is anyone's to write).</summary>
    [BindProperty(SupportsGet = true)]
    public bool Removed { get; set; }

    [BindProperty]
    public string? ApplicationId { get; set; }

    /// <summary>A POST naming no action of this page (or one it does not have): nothing to do here.</summary>
    public IActionResult OnPost() => NotFound();

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var account = await CurrentAccountAsync(cancellationToken);
        if (account is null)
        {
            return SignInFirst();
        }

        Apps = await connectedApps.ListAsync(account.Id, cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostRemoveAsync(CancellationToken cancellationToken)
    {
        var account = await CurrentAccountAsync(cancellationToken);
        if (account is null)
        {
            return SignInFirst();
        }

        // Revokes only this account's grants and tokens: an application id it never let in has nothing to remove.
        if (!await connectedApps.RemoveAsync(account.Id, ApplicationId, SecurityEventRequest.Describe(HttpContext), cancellationToken))
        {
            Removed = false;
            ErrorMessage = "This application has no access to remove.";
            Response.StatusCode = StatusCodes.Status404NotFound;
            Apps = await connectedApps.ListAsync(account.Id, cancellationToken);
            return Page();
        }

        return new SeeOtherResult(PagePath + "?removed=true");
    }

    public static string Date(DateTimeOffset? time) => Security.IndexModel.Date(time);
}
