using System.Globalization;
using ConnexIdP.Core.Accounts;
using ConnexIdP.Core.SecondFactors;
using ConnexIdP.Server.Hosting;
using Microsoft.AspNetCore.Mvc;

namespace ConnexIdP.Server.Pages.Account.Security;

/// <summary>
/// The account's second factors: its authenticator apps (added, last used, removal) and its recovery codes (how many
/// are left, a new set). Removing a factor or renewing the codes needs a fresh second-factor check.
/// </summary>
internal sealed class IndexModel(AccountService accounts, SecondFactorService secondFactors) : AccountPageModel(accounts)
{
    private const string PagePath = "/account/security";

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    /// <summary>After a sign-in with a recovery code: how many are left.</summary>
    [BindProperty(SupportsGet = true)]
    public int? Recovered { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Added { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Removed { get; set; }

    [BindProperty]
    public string? AppId { get; set; }

    [BindProperty]
    public string? KeyId { get; set; }

    [BindProperty]
    public string? DeviceId { get; set; }

    [BindProperty]
    public string? Name { get; set; }

    public SecondFactorStatus? Status { get; private set; }

    public IReadOnlyList<string>? NewRecoveryCodes { get; private set; }

    public string? ContinueUrl => ReturnUrl is not null && Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : null;

    /// <summary>A POST naming no action of this page (or one it does not have): nothing to do here.</summary>
    public IActionResult OnPost() => NotFound();

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var session = await SessionAsync(cancellationToken);
        if (session is null)
        {
            return SignInFirst();
        }

        Status = await secondFactors.StatusAsync(session.Value.Account, cancellationToken);
        return Page();
    }

    public Task<IActionResult> OnPostRemoveAsync(CancellationToken cancellationToken) =>
        ChangeAsync(freshCheck: true, (account, ct) => secondFactors.RemoveAuthenticatorAsync(account, AppId, "the account", SecurityEventRequest.Describe(HttpContext), ct), "?removed=app", cancellationToken);

    public Task<IActionResult> OnPostRemoveKeyAsync(CancellationToken cancellationToken) =>
        ChangeAsync(freshCheck: true, (account, ct) => secondFactors.RemoveSecurityKeyAsync(account, KeyId, "the account", SecurityEventRequest.Describe(HttpContext), ct), "?removed=key", cancellationToken);

    public Task<IActionResult> OnPostRemovePhoneAsync(CancellationToken cancellationToken) =>
        ChangeAsync(freshCheck: true, (account, ct) => secondFactors.RemoveApprovalDeviceAsync(account, DeviceId, "the account", SecurityEventRequest.Describe(HttpContext), ct), "?removed=phone", cancellationToken);

    public Task<IActionResult> OnPostRenameKeyAsync(CancellationToken cancellationToken) =>
        ChangeAsync(freshCheck: false, (account, ct) => secondFactors.RenameSecurityKeyAsync(account, KeyId, Name, ct), "?renamed=key", cancellationToken);

    public async Task<IActionResult> OnPostRecoveryCodesAsync(CancellationToken cancellationToken)
    {
        var session = await SessionAsync(cancellationToken);
        if (session is not { } found)
        {
            return SignInFirst();
        }

        if (!IsFreshlyChecked(found.Facts))
        {
            return CheckSecondFactorFirst(PagePath);
        }

        var result = await secondFactors.RenewRecoveryCodesAsync(found.Account, "the account", SecurityEventRequest.Describe(HttpContext), cancellationToken);
        Status = await secondFactors.StatusAsync(found.Account, cancellationToken);
        if (!result.Succeeded)
        {
            return Refused(result);
        }

        NewRecoveryCodes = result.RecoveryCodes;
        return Page();
    }

    private async Task<IActionResult> ChangeAsync(
        bool freshCheck, Func<Core.Accounts.Account, CancellationToken, Task<SecondFactorResult>> change, string done, CancellationToken cancellationToken)
    {
        var session = await SessionAsync(cancellationToken);
        if (session is not { } found)
        {
            return SignInFirst();
        }

        if (freshCheck && !IsFreshlyChecked(found.Facts))
        {
            return CheckSecondFactorFirst(PagePath);
        }

        var result = await change(found.Account, cancellationToken);
        if (!result.Succeeded)
        {
            Status = await secondFactors.StatusAsync(found.Account, cancellationToken);
            return Refused(result);
        }

        return new SeeOtherResult(PagePath + done);
    }

    public static string Date(DateTimeOffset? time) => time?.ToString("d MMM yyyy, HH:mm 'UTC'", CultureInfo.InvariantCulture) ?? "never";
}
