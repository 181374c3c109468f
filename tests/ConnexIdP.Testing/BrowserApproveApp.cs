using Microsoft.Playwright;

namespace ConnexIdP.Testing;

/// <summary>
/// Page object for ConnexIdP Approve (<c>/approve</c>) on a phone: set it up from the one-time link, open it, wait for a
/// sign-in request, read what it shows, pick a number, say "I'm not signing in", and read the outcome.
/// </summary>
public sealed class BrowserApproveApp(IPage page, Uri server)
{
    public const string Path = "/approve";

    public IPage Page => page;

    /// <summary>Opens the link from the account page (or the app itself), and sets up the phone with the code it carries.</summary>
    public async Task SetUpAsync(string link)
    {
        await page.GotoAsync(link);
        await page.Locator("#setup-button").ClickAsync();
        await page.Locator("#waiting").Or(page.Locator("#request")).Or(page.Locator("#approve-error:not(:empty)")).First.WaitForAsync();
        var error = await ErrorAsync();
        if (error.Length > 0)
        {
            throw new InvalidOperationException($"The phone was not set up: {error}");
        }
    }

    /// <summary>Opens the app at its address; when it is locked, opens it with the phone's screen lock.</summary>
    public async Task OpenAsync()
    {
        await page.GotoAsync(new Uri(server, Path).ToString());
        var locked = page.Locator("#locked");
        await locked.Or(page.Locator("#waiting")).Or(page.Locator("#request")).Or(page.Locator("#setup")).Filter(new LocatorFilterOptions { Visible = true }).First.WaitForAsync();
        if (await locked.IsVisibleAsync())
        {
            await page.Locator("#unlock-button").ClickAsync();
            await page.Locator("#waiting").Or(page.Locator("#request")).Or(page.Locator("#setup")).Filter(new LocatorFilterOptions { Visible = true }).First.WaitForAsync();
        }
    }

    /// <summary>Waits until a request is shown; returns the three numbers offered.</summary>
    public async Task<IReadOnlyList<int>> WaitForRequestAsync()
    {
        await page.Locator("#request").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Visible });
        return [.. (await page.Locator("#choices button").AllInnerTextsAsync()).Select(t => int.Parse(t, System.Globalization.CultureInfo.InvariantCulture))];
    }

    public Task<string> ClientAsync() => page.Locator("#request-client").InnerTextAsync();

    public Task<string> BrowserAsync() => page.Locator("#request-browser").InnerTextAsync();

    /// <summary>Picks <paramref name="number"/> (the phone confirms with its screen lock) and returns the outcome's title.</summary>
    public async Task<string> PickAsync(int number)
    {
        await page.Locator("#choices button", new PageLocatorOptions { HasTextString = number.ToString(System.Globalization.CultureInfo.InvariantCulture) }).ClickAsync();
        return await OutcomeAsync();
    }

    /// <summary>Says "I'm not signing in" and returns the outcome's title.</summary>
    public async Task<string> DenyAsync()
    {
        await page.Locator("#deny-button").ClickAsync();
        return await OutcomeAsync();
    }

    public Task<string> ResultMessageAsync() => page.Locator("#result-message").InnerTextAsync();

    public Task<bool> OffersPasswordChangeAsync() => page.Locator("#result-password").IsVisibleAsync();

    /// <summary>Back from an outcome to the waiting list.</summary>
    public Task BackAsync() => page.Locator("#result-back").ClickAsync();

    public Task<string> ErrorAsync() => page.Locator("#approve-error").InnerTextAsync();

    public Task<bool> IsWaitingAsync() => page.Locator("#waiting").IsVisibleAsync();

    public Task<bool> ShowsSetupAsync() => page.Locator("#setup").IsVisibleAsync();

    public Task ScreenshotAsync(string path) => page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });

    public Task<IReadOnlyList<string>> UsabilityProblemsAsync() => BrowserUsability.ProblemsAsync(page,
        ("first number", page.Locator("#choices button").First, true), ("\"I'm not signing in\" button", page.Locator("#deny-button"), true));

    private async Task<string> OutcomeAsync()
    {
        var result = page.Locator("#result");
        var error = page.Locator("#approve-error:not(:empty)");
        await result.Filter(new LocatorFilterOptions { Visible = true }).Or(error).First.WaitForAsync();
        return await result.IsVisibleAsync() ? await page.Locator("#result-title").InnerTextAsync() : "error: " + await ErrorAsync();
    }
}
