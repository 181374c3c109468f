using Microsoft.Playwright;

namespace ConnexIdP.Testing;

/// <summary>
/// Page object for the second factor after the password, in a real browser: the code field is found by its
/// <c>autocomplete="one-time-code"</c>, as phones find it to offer a code they received.
/// </summary>
public sealed class BrowserSecondFactorPage(IPage page)
{
    public const string Path = "/account/signin/second-factor";

    private ILocator Code => page.Locator("input#code");

    private ILocator AppCode => page.Locator("input[autocomplete=one-time-code]");

    private ILocator Submit => page.Locator("form button[type=submit]");

    /// <summary>Waits until the browser shows the second-factor page of the server at <paramref name="server"/>.</summary>
    public async Task WaitUntilShownAsync(Uri server)
    {
        await BrowserWait.ForPathAsync(page, server, Path);
        await Code.WaitForAsync();
    }

    /// <summary>Enters the code the authenticator app shows.</summary>
    public async Task WithAppCodeAsync(string code)
    {
        await AppCode.FillAsync(code);
        await Submit.ClickAsync();
    }

    /// <summary>Follows "Use a recovery code instead".</summary>
    public async Task UseRecoveryCodeInsteadAsync()
    {
        await page.Locator("a#use-recovery-code").ClickAsync();
        await page.Locator("a#use-app").WaitForAsync();
    }

    /// <summary>Enters one of the recovery codes (after <see cref="UseRecoveryCodeInsteadAsync"/>).</summary>
    public async Task WithRecoveryCodeAsync(string code)
    {
        await Code.FillAsync(code);
        await Submit.ClickAsync();
    }

    /// <summary>The notice that approval on the phone is paused, waiting for it.</summary>
    public Task<string> PushPausedNoticeAsync() => page.Locator("#push-suspended").InnerTextAsync();

    /// <summary>Whether the page offers "Approve on your phone instead".</summary>
    public Task<bool> OffersPhoneAsync() => page.Locator("a#use-phone").IsVisibleAsync();

    /// <summary>The page's error message, waiting for it.</summary>
    public Task<string> ErrorAsync() => page.Locator("#second-factor-error").InnerTextAsync();

    /// <summary>
    /// What makes the page hard to use at the current window size (see <see cref="BrowserUsability"/>); the field, the
    /// button and the way to a recovery code must be on the first screen. Empty when usable.
    /// </summary>
    public Task<IReadOnlyList<string>> UsabilityProblemsAsync() =>
        BrowserUsability.ProblemsAsync(page,
            [new("code field", AppCode), new("continue button", Submit), new("recovery code link", page.Locator("a#use-recovery-code"))], AppCode);

    /// <summary>Saves what the window shows now as a PNG at <paramref name="path"/>.</summary>
    public Task ScreenshotAsync(string path) => page.ScreenshotAsync(new PageScreenshotOptions { Path = path });
}
