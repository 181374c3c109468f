using Microsoft.Playwright;

namespace ConnexIdP.Testing;

/// <summary>Waiting for the browser to arrive at one of the server's pages, whatever the query string.</summary>
internal static class BrowserWait
{
    /// <summary>
    /// Waits until <paramref name="page"/> shows <paramref name="path"/> of the server at <paramref name="server"/>, its
    /// document parsed. Not its "load" event: on a loaded machine Playwright was seen to miss it after a redirect, with
    /// the page complete and the network idle, so callers wait for the element they need instead.
    /// </summary>
    public static async Task ForPathAsync(IPage page, Uri server, string path)
    {
        try
        {
            await page.WaitForURLAsync(url => new Uri(url) is var shown
                && shown.Authority == server.Authority
                && shown.AbsolutePath == path, Parsed);
        }
        catch (TimeoutException exception)
        {
            // Where the browser went instead is what explains a failure here.
            throw new TimeoutException($"The browser did not reach {path} at {server.Authority}: it shows {page.Url} (\"{await page.TitleAsync()}\").", exception);
        }
    }

    /// <summary>Waits until <paramref name="page"/> shows another address than <paramref name="before"/>, its document parsed.</summary>
    public static Task ForOtherUrlAsync(IPage page, string before) => page.WaitForURLAsync(url => url != before, Parsed);

    private static PageWaitForURLOptions Parsed => new() { WaitUntil = WaitUntilState.DOMContentLoaded };
}
