using ConnexIdP.IntegrationTests.Accounts;
using ConnexIdP.Testing;
using Microsoft.Extensions.Time.Testing;

namespace ConnexIdP.IntegrationTests.SignIn;

/// <summary>
/// The browser session at ConnexIdP ends <c>Session:Lifetime</c> after its sign-in however active it is, re-issuing it
/// (a password change) never extends it, and with <c>Session:IdleTimeout</c> it also ends that long after its last request.
/// </summary>
public sealed class SessionLifetimeTests
{
    [Fact]
    public async Task A_session_ends_at_its_lifetime_and_a_password_change_does_not_extend_it()
    {
        var clock = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        await using var scenario = await CodeFlowScenario.StartAsync(clock: clock);
        using var browser = await SignedInAsync(scenario);

        clock.Advance(TimeSpan.FromHours(7));
        await new AccountPages(browser, scenario.Server.BaseAddress).ChangePasswordAsync(CodeFlowScenario.Password, "a brand new passphrase for ada");
        Assert.True(await IsSignedInAsync(browser, scenario), browser.CurrentUrl?.ToString());

        clock.Advance(TimeSpan.FromMinutes(59));
        Assert.True(await IsSignedInAsync(browser, scenario));
        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.False(await IsSignedInAsync(browser, scenario));
    }

    [Fact]
    public async Task With_an_idle_timeout_a_quiet_session_ends_and_an_active_one_still_ends_at_its_lifetime()
    {
        var clock = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        await using var scenario = await CodeFlowScenario.StartAsync(clock: clock, settings: new Dictionary<string, string>
        {
            ["Session:Lifetime"] = "02:00:00",
            ["Session:IdleTimeout"] = "00:30:00",
        });

        using (var quiet = await SignedInAsync(scenario))
        {
            clock.Advance(TimeSpan.FromMinutes(29));
            Assert.True(await IsSignedInAsync(quiet, scenario));
            clock.Advance(TimeSpan.FromMinutes(29));
            Assert.True(await IsSignedInAsync(quiet, scenario));
            clock.Advance(TimeSpan.FromMinutes(30));
            Assert.False(await IsSignedInAsync(quiet, scenario));
        }

        using var busy = await SignedInAsync(scenario);
        for (var elapsed = 0; elapsed < 115; elapsed += 23)
        {
            clock.Advance(TimeSpan.FromMinutes(23));
            Assert.True(await IsSignedInAsync(busy, scenario), $"after {elapsed + 23} min");
        }

        clock.Advance(TimeSpan.FromMinutes(5));
        Assert.False(await IsSignedInAsync(busy, scenario));
    }

    [Theory]
    [InlineData("Session:IdleTimeout", "09:00:00")]
    [InlineData("Session:IdleTimeout", "00:00:30")]
    [InlineData("Session:Lifetime", "31.00:00:00")]
    public async Task A_session_setting_out_of_range_stops_the_start_up(string key, string value)
    {
        var failure = await Assert.ThrowsAnyAsync<Exception>(() => ConnexServer.StartAsync(settings: new Dictionary<string, string> { [key] = value }));
        Assert.Contains($"{key} is {value}", failure.ToString(), StringComparison.Ordinal);
    }

    private static async Task<TestBrowser> SignedInAsync(CodeFlowScenario scenario)
    {
        var browser = new TestBrowser();
        await PasswordChangeTests.SignInAsync(browser, scenario.Server, CodeFlowScenario.Email, CodeFlowScenario.Password);
        Assert.Equal("/account", browser.CurrentUrl!.AbsolutePath);
        return browser;
    }

    private static async Task<bool> IsSignedInAsync(TestBrowser browser, CodeFlowScenario scenario)
    {
        await browser.GetAsync(new Uri(scenario.Server.BaseAddress, "/account"));
        return browser.CurrentUrl!.AbsolutePath == "/account";
    }
}
