using System.Net;
using System.Text.RegularExpressions;
using ConnexIdP.Core.Accounts;
using ConnexIdP.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace ConnexIdP.IntegrationTests.SignIn;

/// <summary>The sign-in page as a person (or an attacker probing for accounts) sees it.</summary>
public sealed partial class PasswordSignInTests
{
    [Fact]
    public async Task An_unknown_email_gets_exactly_the_answer_of_a_wrong_password()
    {
        await using var scenario = await RelyingPartyScenario.StartAsync();
        var browser = scenario.Browser;
        var signIn = new SignInPage(browser);

        await browser.GetAsync(new Uri(scenario.RelyingParty.BaseAddress, "login"));
        await signIn.WithPasswordAsync(RelyingPartyScenario.Email, "not the password");
        var wrongPassword = (browser.LastStatus, Normalise(browser.LastBody!).Replace(RelyingPartyScenario.Email, "EMAIL", StringComparison.Ordinal));

        await signIn.WithPasswordAsync("nobody@example.com", "not the password");
        var unknownAccount = (browser.LastStatus, Normalise(browser.LastBody!).Replace("nobody@example.com", "EMAIL", StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.Unauthorized, wrongPassword.LastStatus);
        Assert.True(signIn.ShowsFailure);
        Assert.Equal(wrongPassword, unknownAccount);
    }

    [Fact]
    public async Task A_disabled_account_cannot_sign_in_and_its_session_ends()
    {
        await using var scenario = await RelyingPartyScenario.StartAsync();
        var browser = scenario.Browser;
        await browser.GetAsync(new Uri(scenario.RelyingParty.BaseAddress, "login"));
        await new SignInPage(browser).WithPasswordAsync(RelyingPartyScenario.Email, RelyingPartyScenario.Password);
        Assert.Equal(scenario.RelyingParty.BaseAddress, browser.CurrentUrl);

        await scenario.Server.WithServiceAsync(services => services.GetRequiredService<AccountService>().DisableAsync(RelyingPartyScenario.Email, "test", CancellationToken.None));

        // The identity provider's session no longer counts: a new sign-in at the relying party asks for the password again...
        await browser.GetAsync(new Uri(scenario.RelyingParty.BaseAddress, "login"));
        var signIn = new SignInPage(browser);
        Assert.True(signIn.IsShown);

        // ...and the right password no longer opens it.
        await signIn.WithPasswordAsync(RelyingPartyScenario.Email, RelyingPartyScenario.Password);
        Assert.True(signIn.ShowsFailure);
    }

    [Fact]
    public async Task Passwords_of_any_length_and_script_sign_in_without_truncation()
    {
        var clock = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        await using var scenario = await RelyingPartyScenario.StartAsync(clock: clock);
        var password = "пароль 密码 كلمة " + new string('x', 200);
        await scenario.Server.CreateAccountAsync("long@example.com", password, "Long");
        var browser = scenario.Browser;
        await browser.GetAsync(new Uri(scenario.RelyingParty.BaseAddress, "login"));
        var signIn = new SignInPage(browser);

        await signIn.WithPasswordAsync("long@example.com", password[..^1]);
        Assert.True(signIn.ShowsFailure);
        Assert.Equal(HttpStatusCode.Unauthorized, browser.LastStatus);

        // After the backoff of one failure.
        clock.Advance(TimeSpan.FromSeconds(1));

        await signIn.WithPasswordAsync("long@example.com", password);
        Assert.Equal(scenario.RelyingParty.BaseAddress, browser.CurrentUrl);
    }

    // The antiforgery token differs on every render and the typed email is shown back; all else must be the same.
    private static string Normalise(string body) => AntiforgeryValue().Replace(body, "value=\"…\"");

    [GeneratedRegex("(?<=name=\"__af\" type=\"hidden\" )value=\"[^\"]*\"|value=\"CfDJ8[^\"]*\"")]
    private static partial Regex AntiforgeryValue();
}
