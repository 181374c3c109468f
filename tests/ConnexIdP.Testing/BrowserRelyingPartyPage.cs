using Microsoft.Playwright;

namespace ConnexIdP.Testing;

/// <summary>Page object for the sample relying party's home page in a real browser.</summary>
public sealed class BrowserRelyingPartyPage(IPage page, Uri baseAddress)
{
    public async Task OpenAsync() => await page.GotoAsync(baseAddress.ToString());

    public Task ClickSignInAsync() => page.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = "Sign in" }).ClickAsync();

    /// <summary>The "Signed in as …" line, waiting until the browser is back on the relying party and shows it.</summary>
    public Task<string> SignedInAsAsync() => page.Locator("#who").InnerTextAsync();
}
