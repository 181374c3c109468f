using ConnexIdP.Core.Data;
using ConnexIdP.Core.Security;
using ConnexIdP.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Playwright;

namespace ConnexIdP.BrowserTests;

/// <summary>
/// One push approval test's world: a <see cref="BrowserStory"/> (ConnexIdP on a fake clock, the sample relying party
/// with Ada's account, a desktop tab) and a phone (a second browser profile at phone size with a virtual platform
/// authenticator) set up for approvals with the one-time link from the account page. The desktop is signed out again;
/// the recovery codes that came with the phone are kept.
/// </summary>
internal sealed class PushStory : IAsyncDisposable
{
    public const string PhoneName = "Ada's phone";

    private readonly BrowserStory _desktop;
    private readonly List<IBrowserContext> _browsers;

    private PushStory(BrowserStory desktop, List<IBrowserContext> browsers, BrowserApproveApp app, IReadOnlyList<string> recoveryCodes)
    {
        _desktop = desktop;
        _browsers = browsers;
        App = app;
        RecoveryCodes = recoveryCodes;
        Push = new BrowserPushPage(desktop.Page);
    }

    public FakeTimeProvider Clock => _desktop.Clock;

    public RelyingPartyScenario Scenario => _desktop.Scenario;

    public Uri Server => _desktop.Server;

    /// <summary>The desktop browser's tab.</summary>
    public IPage Desktop => _desktop.Page;

    /// <summary>The push approval page in the desktop's tab.</summary>
    public BrowserPushPage Push { get; }

    public BrowserSecondFactorPage SecondFactor => _desktop.SecondFactor;

    public BrowserSecurityPage Security => _desktop.Security;

    /// <summary>ConnexIdP Approve on the phone, set up and open.</summary>
    public BrowserApproveApp App { get; }

    /// <summary>The recovery codes shown when the phone became the account's first factor.</summary>
    public IReadOnlyList<string> RecoveryCodes { get; }

    /// <param name="desktopScreen">The desktop browser's window; a desktop's unless told.</param>
    /// <param name="settings">Server configuration keys to add or override, such as <c>SecondFactors:Push:FatigueLimit</c>.</param>
    public static async Task<PushStory> StartAsync(ChromiumFixture chromium, BrowserScreen? desktopScreen = null, IReadOnlyDictionary<string, string>? settings = null)
    {
        var desktop = await BrowserStory.StartAsync(chromium, desktopScreen ?? BrowserScreen.Desktop, settings: settings);
        var browsers = new List<IBrowserContext>();
        try
        {
            browsers.Add(await chromium.NewContextAsync(BrowserScreen.Phone));
            var (app, codes) = await SetUpAPhoneAsync(desktop.Page, await browsers[0].NewPageAsync(), desktop.Server, desktop.Server);
            await new BrowserSignOutPage(desktop.Page, desktop.Server).SignOutAsync();
            return new PushStory(desktop, browsers, app, codes);
        }
        catch
        {
            await DisposeAsync(browsers, desktop);
            throw;
        }
    }

    /// <summary>
    /// Signs in at the account page of <paramref name="desktopServer"/> with the password, makes a link there, and sets
    /// up the phone with it at <paramref name="phoneServer"/> (the same server, or another one on the same database).
    /// Returns the app and the recovery codes the account page showed.
    /// </summary>
    public static async Task<(BrowserApproveApp App, IReadOnlyList<string> RecoveryCodes)> SetUpAPhoneAsync(IPage desktop, IPage phone, Uri desktopServer, Uri phoneServer)
    {
        await VirtualAuthenticator.PlatformPasskeyAsync(phone);
        var enrollment = new BrowserPhoneEnrollmentPage(desktop, desktopServer);
        await enrollment.OpenAsync();
        var signIn = new BrowserSignInPage(desktop);
        await signIn.WaitUntilShownAsync(desktopServer);
        await signIn.WithPasswordAsync(RelyingPartyScenario.Email, RelyingPartyScenario.Password);
        await enrollment.WaitUntilShownAsync();
        var (link, _) = await enrollment.MakeLinkAsync(PhoneName);

        var app = new BrowserApproveApp(phone, phoneServer);
        await app.SetUpAsync(new UriBuilder(link) { Host = phoneServer.Host, Port = phoneServer.Port }.Uri.ToString());
        return (app, await enrollment.WaitForThePhoneAsync());
    }

    /// <summary>Starts a sign-in at the relying party in <paramref name="page"/> and gives the password.</summary>
    public async Task<BrowserRelyingPartyPage> GivePasswordAtTheAppAsync(IPage page)
    {
        var (relyingParty, signIn) = await BrowserRelyingPartyPage.StartSignInAsync(page, Scenario);
        await signIn.WithPasswordAsync(RelyingPartyScenario.Email, RelyingPartyScenario.Password);
        return relyingParty;
    }

    /// <summary>Gives the password at the relying party on the desktop and waits for the push page; returns the app and the number shown.</summary>
    public async Task<(BrowserRelyingPartyPage RelyingParty, int Number)> SignInUntilThePushPageAsync()
    {
        await _desktop.GivePasswordAtTheAppAsync();
        await Push.WaitUntilShownAsync(Server);
        return (_desktop.App, await Push.NumberAsync());
    }

    /// <summary>
    /// After push was paused: "Send a new request" is refused, and "Use another way" leads to the second-factor page,
    /// which says so and offers no phone. Returns the paused notice.
    /// </summary>
    public async Task<string> GoOnWithoutThePhoneAsync()
    {
        await Push.SendANewRequestAsync();
        Assert.Contains("paused", await Push.ErrorAsync(), StringComparison.Ordinal);
        await Push.UseAnotherWayAsync();
        var notice = await SecondFactor.PushPausedNoticeAsync();
        Assert.False(await SecondFactor.OffersPhoneAsync());
        return notice;
    }

    /// <summary>A tab in another desktop browser (a fresh profile), closed with the story.</summary>
    public async Task<IPage> NewDesktopAsync(ChromiumFixture chromium)
    {
        var browser = await chromium.NewContextAsync(BrowserScreen.Desktop);
        _browsers.Add(browser);
        return await browser.NewPageAsync();
    }

    /// <summary>The security events of <paramref name="type"/> the server wrote, oldest first.</summary>
    public Task<List<SecurityEvent>> EventsAsync(string type) =>
        Scenario.Server.WithServiceAsync(services => services.GetRequiredService<ConnexDbContext>().SecurityEvents.AsNoTracking()
            .Where(e => e.Type == type).OrderBy(e => e.Id).ToListAsync());

    public ValueTask DisposeAsync() => DisposeAsync(_browsers, _desktop);

    private static async ValueTask DisposeAsync(List<IBrowserContext> browsers, BrowserStory desktop)
    {
        foreach (var browser in browsers)
        {
            await browser.DisposeAsync();
        }

        await desktop.DisposeAsync();
    }
}
