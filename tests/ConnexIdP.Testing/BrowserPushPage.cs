using Microsoft.Playwright;

namespace ConnexIdP.Testing;

/// <summary>
/// Page object for the push approval step of a sign-in (<c>/account/signin/push</c>): the number to pick on the phone,
/// what is being approved, the status line, and "Send a new request" / "Use another way".
/// </summary>
public sealed class BrowserPushPage(IPage page)
{
    public const string Path = "/account/signin/push";

    public async Task WaitUntilShownAsync(Uri server)
    {
        await BrowserWait.ForPathAsync(page, server, Path);
        await page.Locator("#push-other").WaitForAsync();
    }

    /// <summary>The two-digit number the page shows.</summary>
    public async Task<int> NumberAsync() => int.Parse(await page.Locator("#push-number").InnerTextAsync(), System.Globalization.CultureInfo.InvariantCulture);

    public Task<string> ClientAsync() => page.Locator("#push-client").InnerTextAsync();

    /// <summary>When the request was made, once the page's script has shown it in the browser's time zone (it is rendered in UTC).</summary>
    public async Task<string> RequestedAtAsync()
    {
        var local = page.Locator("#push-requested-at").Filter(new LocatorFilterOptions { HasNotText = "UTC" });
        await local.WaitForAsync();
        return await local.InnerTextAsync();
    }

    public Task<string> StatusAsync() => page.Locator("#push-status").InnerTextAsync();

    public Task<string> ErrorAsync() => page.Locator("#push-error").InnerTextAsync();

    /// <summary>Waits until the status line says something containing <paramref name="text"/>.</summary>
    public Task WaitForStatusAsync(string text) =>
        page.Locator("#push-status").Filter(new LocatorFilterOptions { HasText = text }).WaitForAsync();

    /// <summary>Waits until "Send a new request" is offered (the request was refused or ran out).</summary>
    public Task WaitUntilClosedAsync() => page.Locator("#push-again").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Visible });

    /// <summary>Waits until the error line says something containing <paramref name="text"/>; returns all it says.</summary>
    public async Task<string> WaitForErrorAsync(string text)
    {
        var error = page.Locator("#push-error").Filter(new LocatorFilterOptions { HasText = text });
        await error.WaitForAsync();
        return await error.InnerTextAsync();
    }

    /// <summary>"Send a new request"; returns once the page shows the new request waiting, or why there is none.</summary>
    public async Task SendANewRequestAsync()
    {
        await page.Locator("#push-again").ClickAsync();
        await page.Locator("#push[data-status=pending]").Or(page.Locator("#push-error")).First.WaitForAsync();
    }

    public Task UseAnotherWayAsync() => page.Locator("#push-other").ClickAsync();

    /// <summary>
    /// Posts this page's "continue" (completion) form with the page's hidden fields (anti-forgery token, return URL), as
    /// a browser without script does, whether or not the page offers the form; returns the status of the answer once the answer page has loaded.
    /// </summary>
    public async Task<int> SubmitCompletionAsync()
    {
        var answer = await page.RunAndWaitForResponseAsync(
            () => page.EvaluateAsync("""
                path => {
                  const form = document.createElement("form");
                  form.method = "post";
                  form.action = path;
                  for (const field of document.querySelectorAll("form input[type=hidden]")) {
                    if (!form.querySelector(`input[name="${field.name}"]`)) form.append(field.cloneNode());
                  }
                  document.body.append(form);
                  form.submit();
                }
                """, Path),
            response => response.Request.Method == "POST" && new Uri(response.Url).AbsolutePath == Path);
        await page.Locator("body").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });
        return answer.Status;
    }

    public Task ScreenshotAsync(string path) => page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });

    /// <summary>The number must be on the first screen, with the way out below it.</summary>
    public Task<IReadOnlyList<string>> UsabilityProblemsAsync() => BrowserUsability.ProblemsAsync(page,
        ("number", page.Locator("#push-number"), true), ("other way", page.Locator("#push-other"), false));
}
