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

    // The password's own form: the page has a second one, for passkeys.
    private ILocator Submit => page.Locator("form", new PageLocatorOptions { Has = Password }).Locator("button[type=submit]");

    private ILocator Passkey => page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Sign in with a passkey" });

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

    /// <summary>Clicks "Sign in with a passkey"; the browser then asks its authenticators for a passkey of this site.</summary>
    public Task WithPasskeyAsync() => Passkey.ClickAsync();

    /// <summary>The error shown with the passkey button, waiting until there is one (the empty element is hidden).</summary>
    public async Task<string> PasskeyErrorAsync()
    {
        var error = page.Locator("#passkey-error");
        await error.WaitForAsync();
        return await error.InnerTextAsync();
    }

    /// <summary>What makes the page hard to use at the current window size (see <see cref="BrowserUsability"/>); empty when usable.</summary>
    public Task<IReadOnlyList<string>> UsabilityProblemsAsync() =>
        BrowserUsability.ProblemsAsync(page, ("email field", Email, true), ("password field", Password, true), ("sign-in button", Submit, true), ("passkey button", Passkey, true));

    /// <summary>Saves what the window shows now as a PNG at <paramref name="path"/>.</summary>
    public Task ScreenshotAsync(string path) => page.ScreenshotAsync(new PageScreenshotOptions { Path = path });
}
