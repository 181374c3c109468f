using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.Playwright;

namespace ConnexIdP.Testing;

/// <summary>Page object for the sample relying party's home page in a real browser.</summary>
public sealed class BrowserRelyingPartyPage(IPage page, Uri baseAddress)
{
    /// <summary>Opens the relying party of <paramref name="scenario"/> in <paramref name="page"/>, clicks "Sign in" and waits for ConnexIdP's sign-in page.</summary>
    public static Task<(BrowserRelyingPartyPage App, BrowserSignInPage SignIn)> StartSignInAsync(IPage page, RelyingPartyScenario scenario) =>
        StartSignInAsync(page, scenario.RelyingParty.BaseAddress, scenario.Server.BaseAddress);

    /// <summary>As the other overload, for the relying party at <paramref name="relyingParty"/> of the server at <paramref name="server"/>.</summary>
    public static async Task<(BrowserRelyingPartyPage App, BrowserSignInPage SignIn)> StartSignInAsync(IPage page, Uri relyingParty, Uri server)
    {
        var app = new BrowserRelyingPartyPage(page, relyingParty);
        var signIn = new BrowserSignInPage(page);
        await app.OpenAsync();
        await app.ClickSignInAsync();
        await signIn.WaitUntilShownAsync(server);
        return (app, signIn);
    }

    public async Task OpenAsync() => await page.GotoAsync(baseAddress.ToString());

    public Task ClickSignInAsync() => page.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = "Sign in" }).ClickAsync();

    /// <summary>The "Signed in as …" line, waiting until the browser is back on the relying party and shows it.</summary>
    public Task<string> SignedInAsAsync() => page.Locator("#who").InnerTextAsync();

    /// <summary>
    /// Whether the app's home page, asked with this browser's cookies, says someone is signed in; the tab stays where it is
    /// (it may still be showing an error page of the app's).
    /// </summary>
    public async Task<bool> IsSignedInAsync()
    {
        var home = await page.Context.APIRequest.GetAsync(baseAddress.ToString());
        return (await home.TextAsync()).Contains("id=\"who\"", StringComparison.Ordinal);
    }

    /// <summary>
    /// Clicks "Sign out": the app signs out and sends the browser through ConnexIdP's end-session endpoint (ending the
    /// session there too) and back; waits until the app offers "Sign in" again.
    /// </summary>
    public async Task SignOutAsync()
    {
        await page.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = "Sign out" }).ClickAsync();
        await BrowserWait.ForUrlAsync(page, url => url == baseAddress.ToString());
        await page.Locator("a#signin").WaitForAsync();
    }

    /// <summary>
    /// Runs <paramref name="action"/> and returns the authorization response it brings to the app's redirect URI (the
    /// OpenID Connect handler asks for it as a form post), as its parameters.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, string>> AuthorizationResponseAfterAsync(Func<Task> action)
    {
        var redirectUri = new Uri(baseAddress, "signin-oidc").ToString();
        var response = page.WaitForRequestAsync(request => request.Url.StartsWith(redirectUri, StringComparison.Ordinal));
        await action();
        var request = await response;

        // The app has handled it once it answered (the sample has no error page: an error is a 500).
        await request.ResponseAsync();
        var parameters = QueryHelpers.ParseQuery(request.PostData ?? new Uri(request.Url).Query);
        return parameters.ToDictionary(p => p.Key, p => p.Value.ToString());
    }

    /// <summary>The ID token the app received at its last sign-in (its <c>/tokens</c> page, opened in this tab).</summary>
    public async Task<JsonWebToken> IdTokenAsync()
    {
        var response = await page.GotoAsync(new Uri(baseAddress, "tokens").ToString())
            ?? throw new InvalidOperationException("The relying party's tokens page did not load.");
        using var tokens = JsonDocument.Parse(await response.TextAsync());
        return new JsonWebToken(tokens.RootElement.GetProperty("id_token").GetString());
    }

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
