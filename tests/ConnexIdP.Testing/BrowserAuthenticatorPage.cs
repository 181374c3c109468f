using Microsoft.Playwright;

namespace ConnexIdP.Testing;

/// <summary>
/// Page object for adding an authenticator app in a real browser: a name, then the QR code and the key to type, then
/// the first code; the account's first app is followed by its recovery codes.
/// </summary>
public sealed class BrowserAuthenticatorPage(IPage page)
{
    public const string Path = "/account/security/authenticator";

    private ILocator Name => page.Locator("#name");

    private ILocator QrCode => page.Locator("img#authenticator-qr");

    private ILocator Key => page.Locator("#authenticator-secret");

    private ILocator Code => page.Locator("input#code");

    private ILocator TurnOn => page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Turn on" });

    /// <summary>Waits until the browser shows the page asking for the new app's name, at the server at <paramref name="server"/>.</summary>
    public async Task WaitUntilShownAsync(Uri server)
    {
        await BrowserWait.ForPathAsync(page, server, Path);
        await Name.WaitForAsync();
    }

    /// <summary>Whether the page says the account must add a second factor before anything else.</summary>
    public Task<bool> SaysEnrollmentIsRequiredAsync() => page.Locator("#enrollment-required").IsVisibleAsync();

    /// <summary>Names the app and goes on to the QR code and key.</summary>
    public async Task NameAppAsync(string name)
    {
        await Name.FillAsync(name);
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Continue" }).ClickAsync();
        await Key.WaitForAsync();
    }

    /// <summary>Whether the QR code image loads and can be drawn (an SVG the browser decodes), waiting for it.</summary>
    public async Task<bool> ShowsQrCodeAsync()
    {
        await QrCode.WaitForAsync();
        return await QrCode.EvaluateAsync<bool>("img => img.decode().then(() => img.naturalWidth > 0, () => false)");
    }

    /// <summary>Types the key shown on the page into an authenticator app, as a person without a camera would.</summary>
    public async Task<TestAuthenticator> AddKeyToAppAsync() => TestAuthenticator.FromTypedKey(await Key.InnerTextAsync());

    /// <summary>Enters the app's first code and turns it on.</summary>
    public async Task TurnOnAsync(string code)
    {
        await Code.FillAsync(code);
        await TurnOn.ClickAsync();
    }

    /// <summary>The recovery codes shown once after the first app is turned on, waiting for them.</summary>
    public Task<IReadOnlyList<string>> RecoveryCodesAsync() => RecoveryCodeList.ReadAsync(page);

    /// <summary>"Cancel and return to the application", offered when an authorization request brought the person here.</summary>
    public Task DeclineAsync() => page.Locator("a#decline").ClickAsync();

    /// <summary>"I saved them, continue", after the recovery codes.</summary>
    public Task ContinueAsync() => page.Locator("a#continue").ClickAsync();

    /// <summary>
    /// What makes the page with the QR code hard to use at the current window size (see <see cref="BrowserUsability"/>).
    /// The QR code and the key must be on the first screen, under the steps; from 640 px wide (where the page puts the
    /// QR code beside the steps) so must the code field and the button, so a person can scan and confirm at one glance.
    /// On a narrower screen they may follow below: a person scrolls down after copying the key.
    /// </summary>
    public Task<IReadOnlyList<string>> UsabilityProblemsAsync()
    {
        var wide = page.ViewportSize is { Width: >= 640 };
        return BrowserUsability.ProblemsAsync(page,
            [new("QR code", QrCode), new("key", Key), new("code field", Code, wide), new("turn-on button", TurnOn, wide)], Code);
    }

    /// <summary>Saves what the window shows now as a PNG at <paramref name="path"/>.</summary>
    public Task ScreenshotAsync(string path) => page.ScreenshotAsync(new PageScreenshotOptions { Path = path });
}
