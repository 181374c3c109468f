using ConnexIdP.Core.Data;
using ConnexIdP.Core.SecondFactors;
using ConnexIdP.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace ConnexIdP.BrowserTests;

/// <summary>
/// Security keys and passkeys in Chromium with CDP virtual authenticators: registered at the account page, then used to
/// sign in to the sample relying party through ConnexIdP's real pages.
/// </summary>
public sealed class SecurityKeyTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    [Fact]
    public async Task A_usb_security_key_registered_at_the_account_page_is_the_second_factor_at_the_relying_party()
    {
        await using var scenario = await RelyingPartyScenario.StartAsync();
        await using var browser = await chromium.NewContextAsync(BrowserScreen.Desktop);
        var page = await browser.NewPageAsync();
        await VirtualAuthenticator.SecurityKeyAsync(page);

        var (security, recoveryCodes) = await RegisterAKeyAsync(page, scenario, "Blue YubiKey");
        Assert.NotEmpty(recoveryCodes);
        Assert.Equal(["Blue YubiKey"], await security.KeyNamesAsync());
        await new BrowserSignOutPage(page, scenario.Server.BaseAddress).SignOutAsync();

        var app = await SignInAtTheAppWithPasswordAndKeyAsync(page, scenario);

        Assert.Equal("Signed in as Ada Lovelace", await app.SignedInAsAsync());
        Assert.Equal(scenario.RelyingParty.BaseAddress, new Uri(page.Url));
        var methods = await app.AuthenticationMethodsAsync();
        Assert.Contains("pwd", methods);
        Assert.Contains("hwk", methods);
        Assert.Contains("mfa", methods);
    }

    [Fact]
    public async Task A_platform_passkey_signs_in_to_the_relying_party_without_a_password()
    {
        await using var scenario = await RelyingPartyScenario.StartAsync();
        await using var browser = await chromium.NewContextAsync(BrowserScreen.Desktop);
        var page = await browser.NewPageAsync();
        var passkey = await VirtualAuthenticator.PlatformPasskeyAsync(page);

        await RegisterAKeyAsync(page, scenario, "This laptop");
        Assert.True((await passkey.CredentialsAsync()).Single().IsDiscoverable);
        await new BrowserSignOutPage(page, scenario.Server.BaseAddress).SignOutAsync();

        var (app, signIn) = await BrowserRelyingPartyPage.StartSignInAsync(page, scenario);
        await signIn.WithPasskeyAsync();

        Assert.Equal("Signed in as Ada Lovelace", await app.SignedInAsAsync());
        var methods = await app.AuthenticationMethodsAsync();
        Assert.DoesNotContain("pwd", methods);
        Assert.Contains("mfa", methods);

        // The passkey sign-in is recorded as a completed sign-in naming its methods, and makes the browser a known device.
        var signedIn = await scenario.Server.WithServiceAsync(services => services.GetRequiredService<ConnexDbContext>().SecurityEvents.AsNoTracking()
            .Where(e => e.Type == Core.Security.SecurityEventTypes.SignInSucceeded).OrderBy(e => e.Id).Select(e => e.Details).ToListAsync());
        Assert.Matches("^amr=(hwk|swk),user,(pin,)?mfa$", signedIn[^1]);
        Assert.Contains(await browser.CookiesAsync(), c => c.Name == SignInDevice.DeviceCookieName);
    }

    [Fact]
    public async Task A_key_that_cannot_verify_its_user_is_refused_for_a_passkey_sign_in_but_serves_as_a_second_factor()
    {
        await using var scenario = await RelyingPartyScenario.StartAsync();
        await using var browser = await chromium.NewContextAsync(BrowserScreen.Desktop);
        var page = await browser.NewPageAsync();
        var registered = await VirtualAuthenticator.SecurityKeyAsync(page);
        var (security, _) = await RegisterAKeyAsync(page, scenario, "Key without a PIN");
        await new BrowserSignOutPage(page, scenario.Server.BaseAddress).SignOutAsync();
        var key = await registered.MoveToKeyWithoutUserVerificationAsync();
        var countBefore = await StoredSignCountAsync(scenario);

        var (_, signIn) = await BrowserRelyingPartyPage.StartSignInAsync(page, scenario);
        await signIn.WithPasskeyAsync();

        Assert.Contains("cannot confirm it is you with a PIN or fingerprint", await signIn.PasskeyErrorAsync(), StringComparison.Ordinal);
        Assert.Equal(countBefore, await StoredSignCountAsync(scenario));
        await security.OpenAsync();
        await signIn.WaitUntilShownAsync(scenario.Server.BaseAddress);

        // After the password, verification is only preferred: the same key is accepted.
        var app = await SignInAtTheAppWithPasswordAndKeyAsync(page, scenario);
        Assert.Equal("Signed in as Ada Lovelace", await app.SignedInAsAsync());
        Assert.Equal((await key.CredentialsAsync()).Single().SignCount, await StoredSignCountAsync(scenario));
    }

    [Fact]
    public async Task The_sign_counter_stored_by_the_server_follows_the_key()
    {
        await using var scenario = await RelyingPartyScenario.StartAsync();
        await using var browser = await chromium.NewContextAsync(BrowserScreen.Desktop);
        var page = await browser.NewPageAsync();
        var key = await VirtualAuthenticator.SecurityKeyAsync(page);

        await RegisterAKeyAsync(page, scenario, "Blue YubiKey");
        var registered = (await key.CredentialsAsync()).Single();
        Assert.Equal("localhost", registered.RelyingPartyId);
        Assert.Equal(registered.Id, await StoredCredentialIdAsync(scenario));
        Assert.Equal(registered.SignCount, await StoredSignCountAsync(scenario));
        await new BrowserSignOutPage(page, scenario.Server.BaseAddress).SignOutAsync();

        var app = await SignInAtTheAppWithPasswordAndKeyAsync(page, scenario);
        Assert.Equal("Signed in as Ada Lovelace", await app.SignedInAsAsync());

        var used = (await key.CredentialsAsync()).Single();
        Assert.True(used.SignCount > registered.SignCount, $"The key's counter went from {registered.SignCount} to {used.SignCount}.");
        Assert.Equal(used.SignCount, await StoredSignCountAsync(scenario));
    }

    [Fact]
    public async Task A_person_who_must_use_a_second_factor_enrolls_a_security_key_on_the_way_to_the_relying_party()
    {
        await using var scenario = await RelyingPartyScenario.StartAsync();
        await scenario.Server.WithServiceAsync(async services =>
        {
            var account = await services.GetRequiredService<ConnexDbContext>().Accounts.SingleAsync(a => a.Email == RelyingPartyScenario.Email);
            await services.GetRequiredService<SecondFactorService>().SetRequiredAsync(account, required: true, "test", CancellationToken.None);
            return account;
        });
        await using var browser = await chromium.NewContextAsync(BrowserScreen.Phone);
        var page = await browser.NewPageAsync();
        await VirtualAuthenticator.SecurityKeyAsync(page);

        var (app, signIn) = await BrowserRelyingPartyPage.StartSignInAsync(page, scenario);
        await signIn.WithPasswordAsync(RelyingPartyScenario.Email, RelyingPartyScenario.Password);
        await BrowserWait.ForPathAsync(page, scenario.Server.BaseAddress, "/account/security/authenticator");
        var enrollment = new BrowserSecurityKeyPage(page, scenario.Server.BaseAddress);
        await enrollment.ScreenshotAsync(ScreenshotPath("enrollment", BrowserScreen.Phone));
        var recoveryCodes = await enrollment.AddKeyAsync("Blue YubiKey");

        Assert.NotEmpty(recoveryCodes);
        Assert.Equal("Signed in as Ada Lovelace", await app.SignedInAsAsync());
        Assert.Contains("hwk", await app.AuthenticationMethodsAsync());
    }

    [Fact]
    public async Task An_account_whose_only_factor_is_a_security_key_gets_new_recovery_codes()
    {
        await using var scenario = await RelyingPartyScenario.StartAsync();
        await using var browser = await chromium.NewContextAsync(BrowserScreen.Desktop);
        var page = await browser.NewPageAsync();
        await VirtualAuthenticator.SecurityKeyAsync(page);
        var (security, firstCodes) = await RegisterAKeyAsync(page, scenario, "Blue YubiKey");

        var newCodes = await security.RenewRecoveryCodesAsync();

        Assert.Equal(firstCodes.Count, newCodes.Count);
        Assert.Empty(newCodes.Intersect(firstCodes));
    }

    [Theory]
    [InlineData("phone")]
    [InlineData("desktop")]
    public async Task The_security_key_pages_are_usable_on_a_phone_and_on_a_desktop(string screenName)
    {
        var screen = BrowserScreen.Named(screenName);
        await using var scenario = await RelyingPartyScenario.StartAsync();
        await using var browser = await chromium.NewContextAsync(screen);
        var page = await browser.NewPageAsync();
        await VirtualAuthenticator.SecurityKeyAsync(page);

        var (security, _) = await RegisterAKeyAsync(page, scenario, "Blue YubiKey 5C NFC of the office");
        await security.ScreenshotAsync(ScreenshotPath("security-keys", screen));
        var problems = (await security.UsabilityProblemsAsync()).Select(p => "account page: " + p).ToList();
        await new BrowserSignOutPage(page, scenario.Server.BaseAddress).SignOutAsync();

        var (_, signIn) = await BrowserRelyingPartyPage.StartSignInAsync(page, scenario);
        await signIn.WithPasswordAsync(RelyingPartyScenario.Email, RelyingPartyScenario.Password);
        var step = new BrowserSecurityKeyStepPage(page);
        await step.WaitUntilShownAsync(scenario.Server.BaseAddress);
        await step.ScreenshotAsync(ScreenshotPath("second-factor-key", screen));
        problems.AddRange((await step.UsabilityProblemsAsync()).Select(p => "second-factor page: " + p));

        Assert.Empty(problems);
    }

    /// <summary>Signs in at ConnexIdP's account page with the password and registers the browser's authenticator there.</summary>
    private static async Task<(BrowserSecurityKeyPage Page, IReadOnlyList<string> RecoveryCodes)> RegisterAKeyAsync(IPage page, RelyingPartyScenario scenario, string name)
    {
        var security = new BrowserSecurityKeyPage(page, scenario.Server.BaseAddress);
        var signIn = new BrowserSignInPage(page);
        await security.OpenAsync();
        await signIn.WaitUntilShownAsync(scenario.Server.BaseAddress);
        await signIn.WithPasswordAsync(RelyingPartyScenario.Email, RelyingPartyScenario.Password);
        await security.WaitUntilShownAsync();
        return (security, await security.AddKeyAsync(name));
    }

    private static async Task<BrowserRelyingPartyPage> SignInAtTheAppWithPasswordAndKeyAsync(IPage page, RelyingPartyScenario scenario)
    {
        var (app, signIn) = await BrowserRelyingPartyPage.StartSignInAsync(page, scenario);
        await signIn.WithPasswordAsync(RelyingPartyScenario.Email, RelyingPartyScenario.Password);
        var step = new BrowserSecurityKeyStepPage(page);
        await step.WaitUntilShownAsync(scenario.Server.BaseAddress);
        await step.UseSecurityKeyAsync();
        return app;
    }

    /// <summary>Where a screenshot of <paramref name="name"/> goes: the test output's "screenshots" folder, for a person to look at.</summary>
    private static string ScreenshotPath(string name, BrowserScreen screen) =>
        Path.Combine(Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "screenshots")).FullName, $"{name}-{screen.Name}-{screen.Width}x{screen.Height}.png");

    private static Task<byte[]> StoredCredentialIdAsync(RelyingPartyScenario scenario) =>
        scenario.Server.WithServiceAsync(services => services.GetRequiredService<ConnexDbContext>().SecurityKeys.Select(k => k.CredentialId).SingleAsync());

    private static Task<long> StoredSignCountAsync(RelyingPartyScenario scenario) =>
        scenario.Server.WithServiceAsync(services => services.GetRequiredService<ConnexDbContext>().SecurityKeys.Select(k => k.SignCount).SingleAsync());
}
