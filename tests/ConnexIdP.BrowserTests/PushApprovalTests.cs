using ConnexIdP.Testing;
using Microsoft.Playwright;

namespace ConnexIdP.BrowserTests;

/// <summary>
/// Push approval end to end in Chromium: a desktop browser signs in to the sample relying party, and a phone (a second
/// browser context at phone size with a CDP virtual platform authenticator) set up through the one-time link answers
/// in ConnexIdP Approve.
/// </summary>
public sealed class PushApprovalTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    [Fact]
    public async Task A_phone_set_up_with_the_link_approves_a_sign_in_when_the_right_number_is_picked()
    {
        await using var scenario = await RelyingPartyScenario.StartAsync();
        await using var desktop = await chromium.NewContextAsync(BrowserScreen.Desktop);
        await using var phone = await chromium.NewContextAsync(BrowserScreen.Phone);
        var desktopPage = await desktop.NewPageAsync();
        var app = await SetUpAPhoneAsync(desktopPage, await phone.NewPageAsync(), scenario);
        await new BrowserSignOutPage(desktopPage, scenario.Server.BaseAddress).SignOutAsync();

        var (relyingParty, signIn) = await BrowserRelyingPartyPage.StartSignInAsync(desktopPage, scenario);
        await signIn.WithPasswordAsync(RelyingPartyScenario.Email, RelyingPartyScenario.Password);
        var push = new BrowserPushPage(desktopPage);
        await push.WaitUntilShownAsync(scenario.Server.BaseAddress);
        var number = await push.NumberAsync();

        var choices = await app.WaitForRequestAsync();
        Assert.Contains(number, choices);
        Assert.Equal(3, choices.Distinct().Count());
        Assert.Equal("Approved", await app.PickAsync(number));

        Assert.Equal("Signed in as Ada Lovelace", await relyingParty.SignedInAsAsync());
        var methods = await relyingParty.AuthenticationMethodsAsync();
        Assert.Contains("pwd", methods);
        Assert.Contains("mfa", methods);
        Assert.Contains("hwk", methods);
        Assert.Contains("user", methods);
    }

    /// <summary>Signs in at the account page with the password, makes a link there and sets up the phone with it.</summary>
    private static async Task<BrowserApproveApp> SetUpAPhoneAsync(IPage desktop, IPage phone, RelyingPartyScenario scenario)
    {
        await VirtualAuthenticator.PlatformPasskeyAsync(phone);
        var enrollment = new BrowserPhoneEnrollmentPage(desktop, scenario.Server.BaseAddress);
        await enrollment.OpenAsync();
        var signIn = new BrowserSignInPage(desktop);
        await signIn.WaitUntilShownAsync(scenario.Server.BaseAddress);
        await signIn.WithPasswordAsync(RelyingPartyScenario.Email, RelyingPartyScenario.Password);
        await enrollment.WaitUntilShownAsync();
        var (link, _) = await enrollment.MakeLinkAsync("Ada's phone");

        var app = new BrowserApproveApp(phone, scenario.Server.BaseAddress);
        await app.SetUpAsync(link);
        Assert.NotEmpty(await enrollment.WaitForThePhoneAsync());
        return app;
    }
}
