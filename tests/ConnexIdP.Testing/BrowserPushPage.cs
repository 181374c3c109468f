using Microsoft.Playwright;

namespace ConnexIdP.Testing;

/// <summary>
/// Page object for the push approval step of a sign-in (<c>/account/signin/push</c>): the number to pick on the phone,
/// what is being approved, the status line, and "Send a new request" / "Use another way".
/// </summary>
public sealed class BrowserPushPage(IPage page)
{
    public const string Path = "/account/signin/push";

    public Task WaitUntilShownAsync(Uri server) =>
        page.WaitForURLAsync(url => new Uri(url) is var shown && shown.Authority == server.Authority && shown.AbsolutePath == Path);

    /// <summary>The two-digit number the page shows.</summary>
    public async Task<int> NumberAsync() => int.Parse(await page.Locator("#push-number").InnerTextAsync(), System.Globalization.CultureInfo.InvariantCulture);

    public Task<string> ClientAsync() => page.Locator("#push-client").InnerTextAsync();

    public Task<string> StatusAsync() => page.Locator("#push-status").InnerTextAsync();

    public Task<string> ErrorAsync() => page.Locator("#push-error").InnerTextAsync();

    /// <summary>Waits until the status line says something containing <paramref name="text"/>.</summary>
    public Task WaitForStatusAsync(string text) =>
        page.Locator("#push-status").Filter(new LocatorFilterOptions { HasText = text }).WaitForAsync();

    /// <summary>Waits until "Send a new request" is offered (the request was refused or ran out).</summary>
    public Task WaitUntilClosedAsync() => page.Locator("#push-again").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Visible });

    public Task SendANewRequestAsync() => page.Locator("#push-again").ClickAsync();

    public Task UseAnotherWayAsync() => page.Locator("#push-other").ClickAsync();

    public Task ScreenshotAsync(string path) => page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });

    /// <summary>The number must be on the first screen, with the way out below it.</summary>
    public Task<IReadOnlyList<string>> UsabilityProblemsAsync() => BrowserUsability.ProblemsAsync(page,
        ("number", page.Locator("#push-number"), true), ("other way", page.Locator("#push-other"), false));
}
