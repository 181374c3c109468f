using System.Net;
using ConnexIdP.Core.Accounts;
using ConnexIdP.Core.Data;
using ConnexIdP.Core.Security;
using ConnexIdP.IntegrationTests.Accounts;
using ConnexIdP.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace ConnexIdP.IntegrationTests.SecondFactors;

/// <summary>
/// A code-flow scenario on a clock that moves only when told, where the person has set up a phone (a
/// <see cref="SoftwarePhone"/>) for push approval from the account page, with the one-time link shown there: every
/// later sign-in with the password waits on the push page for the phone's answer.
/// </summary>
internal sealed class PushScene : IAsyncDisposable
{
    public const string PhonePath = "/account/security/phone";

    // The failures of one test come from one loopback address, and the push counter may fail several times in a row.
    private static readonly Dictionary<string, string> Quiet = new()
    {
        ["SignInDefence:BaseDelay"] = "00:00:00",
        ["SignInDefence:Rules:RepeatedGuessing:Enabled"] = "false",
        ["SecondFactors:Push:DeviceAttemptsPerMinute"] = "1000",
    };

    private PushScene(SecondFactorScene scene, SoftwareAuthenticator authenticator)
    {
        Scene = scene;
        Authenticator = authenticator;
        Phone = new SoftwarePhone(scene.Scenario.Server.BaseAddress, authenticator);
        Push = new PushPage(scene.Browser, Server.BaseAddress);
    }

    public SecondFactorScene Scene { get; }

    public ConnexServer Server => Scene.Scenario.Server;

    public FakeTimeProvider Clock => Scene.Clock;

    public TestBrowser Browser => Scene.Browser;

    public PushPage Push { get; }

    public SoftwareAuthenticator Authenticator { get; }

    public SoftwarePhone Phone { get; }

    public string Origin => Server.BaseAddress.GetLeftPart(UriPartial.Authority);

    /// <summary>Starts the server (on <paramref name="database"/>), and sets up a phone for <see cref="CodeFlowScenario.Email"/> unless <paramref name="withPhone"/> is false.</summary>
    public static async Task<PushScene> StartAsync(bool withPhone = true, IReadOnlyDictionary<string, string>? settings = null, TestDatabase database = TestDatabase.Sqlite)
    {
        var merged = new Dictionary<string, string>(Quiet);
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            merged[key] = value;
        }

        var inner = await SecondFactorScene.StartAsync(enroll: false, settings: merged, database: database);
        var scene = new PushScene(inner, new SoftwareAuthenticator(inner.Scenario.Server.BaseAddress.GetLeftPart(UriPartial.Authority)));
        try
        {
            if (withPhone)
            {
                await PasswordChangeTests.SignInAsync(scene.Browser, scene.Server, CodeFlowScenario.Email, CodeFlowScenario.Password);
                var enrolled = await scene.Phone.EnrollAsync(await scene.MakeLinkAsync(scene.Browser));
                Assert.True(enrolled.Status == HttpStatusCode.OK, enrolled.ToString());
                await scene.FinishLinkAsync(scene.Browser);
                scene.Scene.SignOut();
            }

            return scene;
        }
        catch
        {
            await scene.DisposeAsync();
            throw;
        }
    }

    /// <summary>Gives the password in the scene's browser, which then waits on its push page: the request the phone shows, and the number on the page.</summary>
    public async Task<(PhoneRequest Shown, int Number)> PasswordAsync()
    {
        await Scene.PasswordAsync();
        var number = Push.Number ?? throw new InvalidOperationException($"No number shown on {Browser.CurrentUrl} ({Browser.LastStatus}).");
        return (await Phone.WaitingRequestAsync(), number);
    }

    /// <summary>Names a new phone on the account page open in <paramref name="browser"/> and returns the code its one-time link carries.</summary>
    public async Task<string> MakeLinkAsync(TestBrowser browser, string name = "Ada's phone")
    {
        // The page's name form, unless the browser shows it already (perhaps with a return URL).
        if (browser.CurrentUrl?.AbsolutePath != PhonePath || browser.LastBody?.Contains("id=\"make-link\"", StringComparison.Ordinal) != true)
        {
            await browser.GetAsync(new Uri(Server.BaseAddress, PhonePath));
        }

        await new AccountPages(browser, Server.BaseAddress).SubmitShownAsync(("Name", name));
        return new AccountPages(browser, Server.BaseAddress).Text("phone-code")
            ?? throw new InvalidOperationException($"No link code shown on {browser.CurrentUrl} ({browser.LastStatus}): {browser.LastBody}");
    }

    /// <summary>"My phone is set up, continue" on the page that showed the link.</summary>
    public Task<HttpResponseMessage> FinishLinkAsync(TestBrowser browser) => new AccountPages(browser, Server.BaseAddress).SubmitShownAsync();

    /// <summary>
    /// Another browser giving the password of <paramref name="email"/> for a sign-in of the client (or <paramref name="request"/>):
    /// with a phone, it lands on its push page.
    /// </summary>
    public async Task<(TestBrowser Browser, PushPage Push)> AnotherBrowserAsync(string email = CodeFlowScenario.Email, AuthorizationRequest? request = null)
    {
        var browser = new TestBrowser { StopAt = uri => uri.Host == CodeFlowScenario.RedirectUri.Host };
        await browser.GetAsync((request ?? Scene.Scenario.NewRequest()).ToUri(Server.BaseAddress));
        await new SignInPage(browser).WithPasswordAsync(email, CodeFlowScenario.Password);
        return (browser, new PushPage(browser, Server.BaseAddress));
    }

    public Task<Account> AccountAsync(string email = CodeFlowScenario.Email) =>
        Server.WithServiceAsync(async services => (await services.GetRequiredService<AccountService>().FindByEmailAsync(email, CancellationToken.None))!);

    public Task<List<SecurityEvent>> EventsAsync(string type) =>
        Server.WithServiceAsync(services => services.GetRequiredService<ConnexDbContext>().SecurityEvents.AsNoTracking().Where(e => e.Type == type).OrderBy(e => e.Id).ToListAsync());

    public async ValueTask DisposeAsync()
    {
        Phone.Dispose();
        Authenticator.Dispose();
        await Scene.DisposeAsync();
    }
}
