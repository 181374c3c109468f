using Microsoft.Playwright;

namespace ConnexIdP.Testing;

/// <summary>
/// Page object for the second-factor page (<c>/account/signin/second-factor</c>) as the holder of a security key sees
/// it after the password: one button that asks the browser for one of the account's keys.
/// </summary>
public sealed class BrowserSecurityKeyStepPage(IPage page)
{
    private ILocator UseKey => page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Use your security key or passkey" });

    /// <summary>Waits until the browser shows the second-factor page of the server at <paramref name="server"/>.</summary>
    public async Task WaitUntilShownAsync(Uri server)
    {
        await BrowserWait.ForPathAsync(page, server, "/account/signin/second-factor");
        await UseKey.WaitForAsync();
    }

    /// <summary>Clicks the key button; the browser's authenticator answers and the page moves on.</summary>
    public Task UseSecurityKeyAsync() => UseKey.ClickAsync();

    /// <summary>What makes the page hard to use at the current window size (see <see cref="BrowserUsability"/>); empty when usable.</summary>
    public Task<IReadOnlyList<string>> UsabilityProblemsAsync() => BrowserUsability.ProblemsAsync(page, ("security key button", UseKey, true));

    /// <summary>Saves what the window shows now as a PNG at <paramref name="path"/>.</summary>
    public Task ScreenshotAsync(string path) => page.ScreenshotAsync(new PageScreenshotOptions { Path = path });
}
