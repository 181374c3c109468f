using ConnexIdP.Testing;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Playwright;

namespace ConnexIdP.BrowserTests;

/// <summary>
/// One browser test's world: ConnexIdP on a fake clock that starts at the real time (the browser's cookies expire in
/// real time, so the server's clock stays near it and moves only a little), the sample relying party with Ada's account
/// (and an admin's when asked), and one tab of a fresh Chromium profile with the page objects a story needs.
/// </summary>
internal sealed class BrowserStory : IAsyncDisposable
{
    public const string AdminEmail = "grace@example.com";
    public const string AdminPassword = "a long admin passphrase nobody guesses";
    public const string AdminName = "Grace Hopper";

    private readonly IBrowserContext _browser;

    private BrowserStory(FakeTimeProvider clock, RelyingPartyScenario scenario, IBrowserContext browser, IPage page)
    {
        Clock = clock;
        Scenario = scenario;
        _browser = browser;
        Page = page;
        App = new BrowserRelyingPartyPage(page, scenario.RelyingParty.BaseAddress);
        SignIn = new BrowserSignInPage(page);
        SecondFactor = new BrowserSecondFactorPage(page);
        Enrollment = new BrowserAuthenticatorPage(page);
        Security = new BrowserSecurityPage(page);
    }

    public FakeTimeProvider Clock { get; }

    public RelyingPartyScenario Scenario { get; }

    public Uri Server => Scenario.Server.BaseAddress;

    public IPage Page { get; }

    public BrowserRelyingPartyPage App { get; }

    public BrowserSignInPage SignIn { get; }

    public BrowserSecondFactorPage SecondFactor { get; }

    public BrowserAuthenticatorPage Enrollment { get; }

    public BrowserSecurityPage Security { get; }

    /// <param name="settings">Server configuration keys to add or override.</param>
    public static async Task<BrowserStory> StartAsync(ChromiumFixture chromium, BrowserScreen screen, bool withAdmin = false, IReadOnlyDictionary<string, string>? settings = null)
    {
        var clock = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        var scenario = await RelyingPartyScenario.StartAsync(clock: clock, settings: settings);
        try
        {
            if (withAdmin)
            {
                await scenario.Server.CreateAccountAsync(AdminEmail, AdminPassword, AdminName, admin: true);
            }

            var browser = await chromium.NewContextAsync(screen);
            return new BrowserStory(clock, scenario, browser, await browser.NewPageAsync());
        }
        catch
        {
            await scenario.DisposeAsync();
            throw;
        }
    }

    /// <summary>Clicks "Sign in" at the app and gives the password on ConnexIdP's sign-in page (Ada's unless told).</summary>
    public async Task GivePasswordAtTheAppAsync(string email = RelyingPartyScenario.Email, string password = RelyingPartyScenario.Password)
    {
        await BrowserRelyingPartyPage.StartSignInAsync(Page, Scenario);
        await SignIn.WithPasswordAsync(email, password);
    }

    /// <summary>Clicks "Sign out" at the app, which ends the session at ConnexIdP too.</summary>
    public async Task SignOutAtTheAppAsync()
    {
        await App.OpenAsync();
        await App.SignOutAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        await Scenario.DisposeAsync();
    }
}
