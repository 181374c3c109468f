using Microsoft.Playwright;

namespace ConnexIdP.Testing;

/// <summary>Waiting for the browser to arrive at one of the server's pages, whatever the query string.</summary>
public static class BrowserWait
{
    /// <summary>
    /// Waits until <paramref name="page"/> shows <paramref name="path"/> of the server at <paramref name="server"/>, its
    /// document begun. Not its lifecycle events ("load", even "DOMContentLoaded"): on a loaded machine Playwright was
    /// seen to miss them after a redirect, with the page complete and the network idle. The navigation's commit and then
    /// the document's body are waited for instead (element waits poll the page itself), and callers wait for the
    /// element they need.
    /// </summary>
    public static async Task ForPathAsync(IPage page, Uri server, string path)
    {
        try
        {
            await page.WaitForURLAsync(url => new Uri(url) is var shown
                && shown.Authority == server.Authority
                && shown.AbsolutePath == path, Committed);
            await page.Locator("body").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });
        }
        catch (TimeoutException exception)
        {
            // Where the browser went instead is what explains a failure here.
            throw new TimeoutException($"The browser did not reach {path} at {server.Authority}: it shows {page.Url} (\"{await page.TitleAsync()}\").", exception);
        }
    }

    /// <summary>Waits until <paramref name="page"/> shows another address than <paramref name="before"/>, its document begun.</summary>
    public static Task ForOtherUrlAsync(IPage page, string before) => ForUrlAsync(page, url => url != before);

    /// <summary>Waits until <paramref name="page"/> shows an address <paramref name="matches"/> accepts, its document begun.</summary>
    public static async Task ForUrlAsync(IPage page, Func<string, bool> matches)
    {
        await page.WaitForURLAsync(matches, Committed);
        await page.Locator("body").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });
    }

    private static PageWaitForURLOptions Committed => new() { WaitUntil = WaitUntilState.Commit };
}
