using ConnexIdP.Testing;
using Microsoft.Playwright;

namespace ConnexIdP.BrowserTests;

/// <summary>The start of every story here: a person at the sample relying party clicks "Sign in".</summary>
internal static class AppSignIn
{
    /// <summary>Opens the relying party in <paramref name="page"/>, clicks "Sign in" and waits for ConnexIdP's sign-in page.</summary>
    public static async Task<(BrowserRelyingPartyPage App, BrowserSignInPage SignIn)> ClickSignInAtTheAppAsync(IPage page, RelyingPartyScenario scenario)
    {
        var app = new BrowserRelyingPartyPage(page, scenario.RelyingParty.BaseAddress);
        var signIn = new BrowserSignInPage(page);
        await app.OpenAsync();
        await app.ClickSignInAsync();
        await signIn.WaitUntilShownAsync(scenario.Server.BaseAddress);
        return (app, signIn);
    }
}
