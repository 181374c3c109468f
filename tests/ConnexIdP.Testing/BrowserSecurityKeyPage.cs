using Microsoft.Playwright;

namespace ConnexIdP.Testing;

/// <summary>
/// Page object for the account's second factors page (<c>/account/security</c>) as a holder of security keys and
/// passkeys sees it: the list of keys, the form that registers a new one, and the recovery codes shown after the first.
/// The enrollment page that a person who must use a second factor is taken to offers the same key form.
/// </summary>
public sealed class BrowserSecurityKeyPage(IPage page, Uri server)
{
    public const string Path = "/account/security";

    // By id: the two pages word the label and the button differently.
    private ILocator KeyName => page.Locator("#key-name");

    private ILocator AddKey => page.Locator("#add-security-key");

    private ILocator NewRecoveryCodes => page.Locator("#new-key-recovery-codes");

    /// <summary>Opens the page; a person who is not signed in is taken to the sign-in page first.</summary>
    public async Task OpenAsync() => await page.GotoAsync(new Uri(server, Path).ToString());

    public Task WaitUntilShownAsync() =>
        BrowserWait.ForPathAsync(page, server, Path);

    /// <summary>
    /// Registers the browser's authenticator as a key named <paramref name="name"/>. The account's first factor comes with
    /// recovery codes: they are returned, and "I saved them, continue" is clicked and followed; otherwise the list is empty.
    /// </summary>
    public async Task<IReadOnlyList<string>> AddKeyAsync(string name)
    {
        await KeyName.FillAsync(name);
        await AddKey.ClickAsync();
        var added = page.Locator("#factor-changed");
        var error = page.Locator("#key-error");
        await NewRecoveryCodes.Or(added).Or(error).Filter(new LocatorFilterOptions { Visible = true }).First.WaitForAsync();
        if (await error.IsVisibleAsync())
        {
            throw new InvalidOperationException($"The key was not added: {await error.InnerTextAsync()}");
        }

        if (!await NewRecoveryCodes.IsVisibleAsync())
        {
            return [];
        }

        var codes = await NewRecoveryCodes.Locator("li").AllInnerTextsAsync();
        var shown = page.Url;
        await NewRecoveryCodes.GetByRole(AriaRole.Link, new LocatorGetByRoleOptions { Name = "I saved them, continue" }).ClickAsync();
        await BrowserWait.ForOtherUrlAsync(page, shown);
        return codes;
    }

    /// <summary>Clicks "Get new recovery codes" and returns the new set shown.</summary>
    public async Task<IReadOnlyList<string>> RenewRecoveryCodesAsync()
    {
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Get new recovery codes" }).ClickAsync();
        var codes = page.Locator("#recovery-codes");
        var error = page.Locator("#security-error");
        await codes.Or(error).WaitForAsync();
        return await error.IsVisibleAsync()
            ? throw new InvalidOperationException($"No new recovery codes: {await error.InnerTextAsync()}")
            : await codes.Locator("li").AllInnerTextsAsync();
    }

    /// <summary>The names of the registered keys, as listed.</summary>
    public Task<IReadOnlyList<string>> KeyNamesAsync() => page.Locator("#security-keys .factor-name").AllInnerTextsAsync();

    /// <summary>What makes the page hard to use at the current window size (see <see cref="BrowserUsability"/>); empty when usable.</summary>
    public async Task<IReadOnlyList<string>> UsabilityProblemsAsync()
    {
        // The page grows with the factors: its controls need to be reachable and tappable, not all on the first screen.
        var controls = new List<(string, ILocator, bool)> { ("new key's name field", KeyName, false), ("add-key button", AddKey, false) };
        var keys = page.Locator("#security-keys > li");
        for (var i = 0; i < await keys.CountAsync(); i++)
        {
            var key = keys.Nth(i);
            controls.Add(($"rename field of key {i + 1}", key.Locator("input[name=Name]"), false));
            controls.Add(($"rename button of key {i + 1}", key.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Rename" }), false));
            controls.Add(($"remove button of key {i + 1}", key.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Remove" }), false));
        }

        return await BrowserUsability.ProblemsAsync(page, controls);
    }

    /// <summary>Saves the whole page (not only the window) as a PNG at <paramref name="path"/>.</summary>
    public Task ScreenshotAsync(string path) => page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
}
