using Microsoft.Playwright;

namespace ConnexIdP.Testing;

/// <summary>
/// Page object for ConnexIdP's sign-in page in a real browser: the fields are found the way a password manager finds
/// them (their <c>autocomplete</c> tokens), so the test breaks when a password manager would.
/// </summary>
public sealed class BrowserSignInPage(IPage page)
{
    private ILocator Email => page.Locator("input[autocomplete=username]");

    private ILocator Password => page.Locator("input[autocomplete=current-password]");

    private ILocator Submit => page.Locator("form button[type=submit]");

    /// <summary>Waits until the browser shows the sign-in page of the server at <paramref name="server"/>.</summary>
    public async Task WaitUntilShownAsync(Uri server)
    {
        await BrowserWait.ForPathAsync(page, server, "/account/signin");
        await Password.WaitForAsync();
    }

    public async Task WithPasswordAsync(string email, string password)
    {
        await Email.FillAsync(email);
        await Password.FillAsync(password);
        await Submit.ClickAsync();
    }

    /// <summary>
    /// What makes the page hard to use at the current window size (see <see cref="BrowserUsability"/>); every control
    /// must be on the first screen. Empty when usable.
    /// </summary>
    public Task<IReadOnlyList<string>> UsabilityProblemsAsync() =>
        BrowserUsability.ProblemsAsync(page, [new("email field", Email), new("password field", Password), new("sign-in button", Submit)], Email);

    /// <summary>Saves what the window shows now as a PNG at <paramref name="path"/>.</summary>
    public Task ScreenshotAsync(string path) => page.ScreenshotAsync(new PageScreenshotOptions { Path = path });
}
