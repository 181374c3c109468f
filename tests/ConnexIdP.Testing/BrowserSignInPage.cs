using Microsoft.Playwright;

namespace ConnexIdP.Testing;

/// <summary>
/// Page object for ConnexIdP's sign-in page in a real browser: the fields are found the way a password manager finds
/// them (their <c>autocomplete</c> tokens), so the test breaks when a password manager would.
/// </summary>
public sealed class BrowserSignInPage(IPage page)
{
    /// <summary>The smallest target size WCAG 2.2 accepts at level AA (2.5.8); 44 px (2.5.5, AAA, and Apple's guideline) is comfortable.</summary>
    public const int MinimumTargetPixels = 24;

    private ILocator Email => page.Locator("input[autocomplete=username]");

    private ILocator Password => page.Locator("input[autocomplete=current-password]");

    private ILocator Submit => page.Locator("form button[type=submit]");

    /// <summary>Waits until the browser shows the sign-in page of the server at <paramref name="server"/>.</summary>
    public async Task WaitUntilShownAsync(Uri server)
    {
        await page.WaitForURLAsync(url => new Uri(url) is var shown
            && shown.Authority == server.Authority
            && shown.AbsolutePath == "/account/signin");
        await Password.WaitForAsync();
    }

    public async Task WithPasswordAsync(string email, string password)
    {
        await Email.FillAsync(email);
        await Password.FillAsync(password);
        await Submit.ClickAsync();
    }

    /// <summary>
    /// What makes the page hard to use at the current window size: horizontal scrolling, a control that is not on the
    /// first screen or too small to tap, text in a field small enough that phones zoom in on focus. Empty when usable.
    /// </summary>
    public async Task<IReadOnlyList<string>> UsabilityProblemsAsync()
    {
        var problems = new List<string>();
        var (width, height) = page.ViewportSize is { } viewport
            ? (viewport.Width, viewport.Height)
            : throw new InvalidOperationException("The page has no fixed window size.");

        var pageWidth = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        if (pageWidth > width)
        {
            problems.Add($"the page is {pageWidth}px wide in a {width}px window (horizontal scrolling)");
        }

        foreach (var (name, control) in new[] { ("email field", Email), ("password field", Password), ("sign-in button", Submit) })
        {
            var box = await control.BoundingBoxAsync() ?? throw new InvalidOperationException($"The {name} is not displayed.");
            if (box.X < 0 || box.X + box.Width > width || box.Y + box.Height > height)
            {
                problems.Add($"the {name} is not entirely on the first screen ({box.X},{box.Y} {box.Width}x{box.Height} in {width}x{height})");
            }

            if (box.Height < MinimumTargetPixels)
            {
                problems.Add($"the {name} is {box.Height}px tall, less than {MinimumTargetPixels}px");
            }
        }

        var fontSize = await Email.EvaluateAsync<double>("e => parseFloat(getComputedStyle(e).fontSize)");
        if (fontSize < 16)
        {
            problems.Add($"the fields' text is {fontSize}px; below 16px phones zoom in when a field gets focus");
        }

        return problems;
    }

    /// <summary>Saves what the window shows now as a PNG at <paramref name="path"/>.</summary>
    public Task ScreenshotAsync(string path) => page.ScreenshotAsync(new PageScreenshotOptions { Path = path });
}
