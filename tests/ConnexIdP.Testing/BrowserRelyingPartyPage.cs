using System.Text.Json;
using Microsoft.Playwright;

namespace ConnexIdP.Testing;

/// <summary>Page object for the sample relying party's home page in a real browser.</summary>
public sealed class BrowserRelyingPartyPage(IPage page, Uri baseAddress)
{
    /// <summary>Opens the relying party of <paramref name="scenario"/> in <paramref name="page"/>, clicks "Sign in" and waits for ConnexIdP's sign-in page.</summary>
    public static async Task<(BrowserRelyingPartyPage App, BrowserSignInPage SignIn)> StartSignInAsync(IPage page, RelyingPartyScenario scenario)
    {
        var app = new BrowserRelyingPartyPage(page, scenario.RelyingParty.BaseAddress);
        var signIn = new BrowserSignInPage(page);
        await app.OpenAsync();
        await app.ClickSignInAsync();
        await signIn.WaitUntilShownAsync(scenario.Server.BaseAddress);
        return (app, signIn);
    }

    public async Task OpenAsync() => await page.GotoAsync(baseAddress.ToString());

    public Task ClickSignInAsync() => page.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = "Sign in" }).ClickAsync();

    /// <summary>The "Signed in as …" line, waiting until the browser is back on the relying party and shows it.</summary>
    public Task<string> SignedInAsAsync() => page.Locator("#who").InnerTextAsync();

    /// <summary>The <c>amr</c> values of the sign-in the relying party holds, read from its <c>/tokens</c> page.</summary>
    public async Task<IReadOnlyList<string>> AuthenticationMethodsAsync()
    {
        await page.GotoAsync(new Uri(baseAddress, "tokens").ToString());
        using var tokens = JsonDocument.Parse(await page.Locator("body").InnerTextAsync());
        return [.. tokens.RootElement.GetProperty("claims").EnumerateArray()
            .Where(c => c[0].GetString() == "amr")
            .Select(c => c[1].GetString()!)];
    }
}
