using ConnexIdP.Testing;

namespace ConnexIdP.BrowserTests;

/// <summary>A person signs in to the sample relying party in Chromium, through ConnexIdP's real sign-in page.</summary>
public sealed class SignInTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    [Theory]
    [InlineData(TestDatabase.Sqlite)]
    [InlineData(TestDatabase.PostgreSql)]
    public async Task A_person_signs_in_to_the_relying_party_with_a_password(TestDatabase database)
    {
        await using var scenario = await RelyingPartyScenario.StartAsync(database);
        await using var browser = await chromium.NewContextAsync(BrowserScreen.Desktop);

        var (app, signIn) = await BrowserRelyingPartyPage.StartSignInAsync(await browser.NewPageAsync(), scenario);
        await signIn.WithPasswordAsync(RelyingPartyScenario.Email, RelyingPartyScenario.Password);

        Assert.Equal("Signed in as Ada Lovelace", await app.SignedInAsAsync());
        Assert.Equal(scenario.RelyingParty.BaseAddress, new Uri(browser.Pages.Single().Url));
    }

    [Theory]
    [InlineData("phone")]
    [InlineData("desktop")]
    public async Task The_sign_in_page_is_usable_on_a_phone_and_on_a_desktop(string screenName)
    {
        var screen = BrowserScreen.Named(screenName);
        await using var scenario = await RelyingPartyScenario.StartAsync();
        await using var browser = await chromium.NewContextAsync(screen);

        var (_, signIn) = await BrowserRelyingPartyPage.StartSignInAsync(await browser.NewPageAsync(), scenario);

        // Kept for a person to look at; the checks below are what a test can judge.
        await signIn.ScreenshotAsync(Screenshots.PathFor("sign-in", screen));
        Assert.Empty(await signIn.UsabilityProblemsAsync());
    }
}
