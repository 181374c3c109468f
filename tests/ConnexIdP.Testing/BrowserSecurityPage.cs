using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace ConnexIdP.Testing;

/// <summary>Page object for the account's second factors page (<c>/account/security</c>) in a real browser.</summary>
public sealed class BrowserSecurityPage(IPage page)
{
    public const string Path = "/account/security";

    /// <summary>Opens the account page of the server at <paramref name="server"/> and follows its link to the second factors.</summary>
    public async Task OpenFromAccountPageAsync(Uri server)
    {
        await page.GotoAsync(new Uri(server, "/account").ToString());
        await page.Locator("a#second-factors").ClickAsync();
        await WaitUntilShownAsync(server);
    }

    public async Task WaitUntilShownAsync(Uri server)
    {
        await BrowserWait.ForPathAsync(page, server, Path);
        await page.Locator("a#add-authenticator").WaitForAsync();
    }

    /// <summary>Follows "Add an authenticator app".</summary>
    public Task AddAuthenticatorAppAsync() => page.Locator("a#add-authenticator").ClickAsync();

    /// <summary>The names of the account's authenticator apps as listed.</summary>
    public async Task<IReadOnlyList<string>> AuthenticatorAppsAsync() =>
        [.. (await page.Locator("#authenticator-apps .factor-name").AllInnerTextsAsync()).Select(n => n.Trim())];

    /// <summary>What the page says about the unused recovery codes, such as "9 unused codes left.".</summary>
    public async Task<string> RecoveryCodesRemainingAsync() => (await page.Locator("#recovery-codes-remaining").InnerTextAsync()).Trim();

    /// <summary>The notice after a sign-in with a recovery code, or null when there is none.</summary>
    public Task<string?> RecoveryCodeUsedNoticeAsync() => TextIfShownAsync("#recovery-code-used");

    /// <summary>"Get new recovery codes": returns the new set the page shows once.</summary>
    public async Task<IReadOnlyList<string>> RenewRecoveryCodesAsync()
    {
        await page.Locator("button#renew-recovery-codes").ClickAsync();
        return await RecoveryCodeList.ReadAsync(page);
    }

    /// <summary>
    /// Clicks "Remove" next to the authenticator app named <paramref name="name"/> and waits for the next page: this one
    /// saying it was removed, or the second-factor page when the last check is no longer fresh.
    /// </summary>
    public Task RemoveAppAsync(string name) => RemoveAsync("#authenticator-apps", name);

    /// <summary>Clicks "Remove" next to the phone named <paramref name="name"/> and waits for the next page, as <see cref="RemoveAppAsync"/>.</summary>
    public Task RemovePhoneAsync(string name) => RemoveAsync("#phones", name);

    /// <summary>The names of the account's phones that approve sign-ins, as listed.</summary>
    public async Task<IReadOnlyList<string>> PhonesAsync() =>
        [.. (await page.Locator("#phones .factor-name").AllInnerTextsAsync()).Select(n => n.Trim())];

    private async Task RemoveAsync(string list, string name)
    {
        var before = page.Url;
        await page.Locator(list + " li")
            .Filter(new LocatorFilterOptions { Has = page.Locator(".factor-name", new PageLocatorOptions { HasTextRegex = new($"^{Regex.Escape(name)}$") }) })
            .GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Remove" })
            .ClickAsync();
        await BrowserWait.ForOtherUrlAsync(page, before);
    }

    /// <summary>What the page says changed (an app added or removed), or null.</summary>
    public Task<string?> ChangeNoticeAsync() => TextIfShownAsync("#factor-changed");

    /// <summary>Whether the page says the account has no authenticator app.</summary>
    public Task<bool> SaysThereIsNoAppAsync() => page.Locator("#no-authenticator").IsVisibleAsync();

    /// <summary>"Continue" on to where the sign-in was going.</summary>
    public Task ContinueAsync() => page.Locator("a#continue").ClickAsync();

    private async Task<string?> TextIfShownAsync(string selector)
    {
        var element = page.Locator(selector);
        return await element.IsVisibleAsync() ? (await element.InnerTextAsync()).Trim() : null;
    }
}
