using Microsoft.Playwright;

namespace ConnexIdP.Testing;

/// <summary>
/// Page object for "Approve sign-ins on your phone" (<c>/account/security/phone</c>): name the phone, read the one-time
/// link and code it shows, and wait for the page to finish by itself once the phone used the link.
/// </summary>
public sealed class BrowserPhoneEnrollmentPage(IPage page, Uri server)
{
    public const string Path = "/account/security/phone";

    public async Task OpenAsync() => await page.GotoAsync(new Uri(server, Path).ToString());

    public async Task WaitUntilShownAsync()
    {
        await BrowserWait.ForPathAsync(page, server, Path);
        await page.Locator("h1").WaitForAsync();
    }

    /// <summary>Names the phone and asks for a link; returns the link (as the QR code carries it) and the code to type.</summary>
    public async Task<(string Link, string Code)> MakeLinkAsync(string name)
    {
        await page.Locator("#name").FillAsync(name);
        await page.Locator("#make-link").ClickAsync();
        var code = page.Locator("#phone-code");
        var error = page.Locator("#phone-error");
        await code.Or(error).First.WaitForAsync();
        if (await error.IsVisibleAsync())
        {
            throw new InvalidOperationException($"No link was made: {await error.InnerTextAsync()}");
        }

        var text = await page.Locator("#phone-link .hint strong").InnerTextAsync();
        var grouped = await code.InnerTextAsync();
        return (text + "#enroll=" + grouped.Replace("-", string.Empty, StringComparison.Ordinal), grouped);
    }

    /// <summary>
    /// Waits for the page to see the phone and finish; returns the recovery codes shown for a first factor (clicking
    /// "I saved them, continue"), or none when the page went straight on.
    /// </summary>
    public async Task<IReadOnlyList<string>> WaitForThePhoneAsync()
    {
        var codes = page.Locator("#recovery-codes");
        var added = page.Locator("#factor-changed");
        await codes.Or(added).Or(page.Locator("#who")).First.WaitForAsync();
        if (!await codes.IsVisibleAsync())
        {
            return [];
        }

        var list = await codes.Locator("li").AllInnerTextsAsync();
        var shown = page.Url;
        await page.Locator("#continue").ClickAsync();
        await BrowserWait.ForOtherUrlAsync(page, shown);
        return list;
    }

    public Task ScreenshotAsync(string path) => page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
}
