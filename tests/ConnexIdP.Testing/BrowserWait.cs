using Microsoft.Playwright;

namespace ConnexIdP.Testing;

/// <summary>Waiting for the browser to arrive at one of the server's pages, whatever the query string.</summary>
internal static class BrowserWait
{
    /// <summary>Waits until <paramref name="page"/> shows <paramref name="path"/> of the server at <paramref name="server"/>.</summary>
    public static Task ForPathAsync(IPage page, Uri server, string path) =>
        page.WaitForURLAsync(url => new Uri(url) is var shown
            && shown.Authority == server.Authority
            && shown.AbsolutePath == path);
}
