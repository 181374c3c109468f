using System.IdentityModel.Tokens.Jwt;
using System.Net;
using ConnexIdP.IntegrationTests.Accounts;
using ConnexIdP.Testing;
using Microsoft.Extensions.Time.Testing;

namespace ConnexIdP.IntegrationTests.SecondFactors;

/// <summary>
/// A code-flow scenario on a clock that moves only when told, where the person has added an authenticator app from the
/// account page: time steps, windows and lifetimes are exact.
/// </summary>
internal sealed class SecondFactorScene : IAsyncDisposable
{
    private SecondFactorScene(CodeFlowScenario scenario, FakeTimeProvider clock)
    {
        Scenario = scenario;
        Clock = clock;
        Pages = new SecondFactorPages(scenario.Browser, scenario.Server.BaseAddress);
    }

    public CodeFlowScenario Scenario { get; }

    public FakeTimeProvider Clock { get; }

    public SecondFactorPages Pages { get; }

    public TestAuthenticator? App { get; private set; }

    public IReadOnlyList<string> RecoveryCodes { get; private set; } = [];

    public TestBrowser Browser => Scenario.Browser;

    public static async Task<SecondFactorScene> StartAsync(bool enroll = true, IReadOnlyDictionary<string, string>? settings = null, TestDatabase database = TestDatabase.Sqlite)
    {
        // Half-way through a time step, so "the next step" is exactly 30 s away.
        var now = TimeProvider.System.GetUtcNow();
        var clock = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(now.ToUnixTimeSeconds() / 30 * 30 + 15));
        var scene = new SecondFactorScene(await CodeFlowScenario.StartAsync(database, clock: clock, settings: settings), clock);
        if (enroll)
        {
            await PasswordChangeTests.SignInAsync(scene.Browser, scene.Scenario.Server, CodeFlowScenario.Email, CodeFlowScenario.Password);
            (scene.App, scene.RecoveryCodes) = await scene.Pages.EnrollAsync(clock.GetUtcNow());
            scene.SignOut();

            // The enrollment code's step is spent: later sign-ins use the next one.
            clock.Advance(TimeSpan.FromSeconds(30));
        }

        return scene;
    }

    /// <summary>Ends the browser's session at ConnexIdP (its cookies go, as after closing the browser).</summary>
    public void SignOut()
    {
        foreach (Cookie cookie in Browser.Cookies.GetCookies(Scenario.Server.BaseAddress))
        {
            cookie.Expired = true;
        }
    }

    /// <summary>Starts a code flow and gives the password: the browser is then on the second-factor page.</summary>
    public async Task<AuthorizationRequest> PasswordAsync(AuthorizationRequest? request = null)
    {
        request ??= Scenario.NewRequest();
        Assert.Null(await Scenario.AuthorizeAsync(request));
        return request;
    }

    public string CurrentCode => App!.CodeAt(Clock.GetUtcNow());

    /// <summary>Redeems the code the browser brought back and reads the ID token.</summary>
    public async Task<JwtSecurityToken> IdTokenAsync(AuthorizationRequest request)
    {
        var code = Scenario.Response()?.Code ?? throw new InvalidOperationException($"No code: {Browser.CurrentUrl} ({Browser.LastStatus})");
        var tokens = await Scenario.Client.RedeemCodeAsync(code, request.RedirectUri, request.Pkce?.Verifier);
        return new JwtSecurityTokenHandler().ReadJwtToken(tokens.IdToken ?? throw new InvalidOperationException("No ID token: " + tokens));
    }

    public ValueTask DisposeAsync() => Scenario.DisposeAsync();
}
