using System.Net;
using ConnexIdP.Core.Accounts;
using ConnexIdP.Core.Security;
using ConnexIdP.Core.SecondFactors;
using ConnexIdP.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace ConnexIdP.IntegrationTests.SecondFactors;

/// <summary>
/// Signing in with a password and an authenticator app's code (RFC 6238) or a recovery code: the window, single use of
/// each time step, the failure limits shared with passwords, and what the tokens then say (RFC 8176 <c>amr</c>, <c>acr</c>).
/// </summary>
public sealed class AuthenticatorSignInTests
{
    [Fact]
    public async Task After_the_password_the_code_is_asked_for_and_the_tokens_then_carry_otp_and_mfa()
    {
        await using var scene = await SecondFactorScene.StartAsync();
        var request = await scene.PasswordAsync(scene.Scenario.NewRequest() with { AcrValues = AuthenticationLevels.MultiFactor });

        Assert.True(scene.Pages.AsksForCode, scene.Browser.CurrentUrl?.ToString());
        Assert.Contains("autocomplete=\"one-time-code\"", scene.Browser.LastBody, StringComparison.Ordinal);
        await scene.Pages.EnterCodeAsync(scene.CurrentCode);

        var idToken = await scene.IdTokenAsync(request);
        var methods = idToken.Claims.Where(c => c.Type == "amr").Select(c => c.Value).ToList();
        Assert.Equal(["mfa", "otp", "pwd"], methods.Order(StringComparer.Ordinal));
        Assert.Equal(AuthenticationLevels.MultiFactor, idToken.Claims.Single(c => c.Type == "acr").Value);
    }

    [Fact]
    public async Task Without_the_code_no_session_exists_and_the_client_gets_nothing()
    {
        await using var scene = await SecondFactorScene.StartAsync();
        await scene.PasswordAsync();

        await scene.Browser.GetAsync(new Uri(scene.Scenario.Server.BaseAddress, "/account"));

        Assert.Equal("/account/signin", scene.Browser.CurrentUrl!.AbsolutePath);
        Assert.Null(scene.Scenario.Response());
    }

    [Fact]
    public async Task A_password_that_owes_a_code_is_recorded_as_verified_and_only_the_code_completes_the_sign_in()
    {
        await using var scene = await SecondFactorScene.StartAsync();
        var enrolledAt = (await EventsAsync(scene, SecurityEventTypes.SignInSucceeded)).Max(e => e.Id);
        await scene.PasswordAsync();

        // The password alone: recorded as verified, no sign-in yet, and the browser is not a known device of the account.
        var verified = Assert.Single(await EventsAsync(scene, SecurityEventTypes.SignInPasswordVerified), e => e.Id > enrolledAt);
        Assert.Contains("counter=account", verified.Details, StringComparison.Ordinal);
        Assert.DoesNotContain(await EventsAsync(scene, SecurityEventTypes.SignInSucceeded), e => e.Id > enrolledAt);
        Assert.Null(DeviceCookie(scene));

        await scene.Pages.EnterCodeAsync(scene.CurrentCode);

        var signedIn = Assert.Single(await EventsAsync(scene, SecurityEventTypes.SignInSucceeded), e => e.Id > enrolledAt);
        Assert.Equal("amr=pwd,otp,mfa", signedIn.Details);
        Assert.NotNull(DeviceCookie(scene));
    }

    [Fact]
    public async Task A_wrong_code_is_refused_with_401_and_the_page_asks_again()
    {
        await using var scene = await SecondFactorScene.StartAsync();
        await scene.PasswordAsync();
        var wrong = ((int.Parse(scene.CurrentCode, System.Globalization.CultureInfo.InvariantCulture) + 1) % 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);

        await scene.Pages.EnterCodeAsync(wrong);

        Assert.Equal(HttpStatusCode.Unauthorized, scene.Browser.LastStatus);
        Assert.True(scene.Pages.AsksForCode);
        Assert.Equal(SecondFactorService.WrongCodeMessage, new AccountPages(scene.Browser, scene.Scenario.Server.BaseAddress).Text("second-factor-error"));
    }

    [Fact]
    public async Task A_code_of_the_previous_step_is_accepted_and_one_two_steps_old_is_not()
    {
        await using var scene = await SecondFactorScene.StartAsync();
        scene.Clock.Advance(TimeSpan.FromSeconds(60));
        await scene.PasswordAsync();

        await scene.Pages.EnterCodeAsync(scene.App!.CodeAt(scene.Clock.GetUtcNow().AddSeconds(-60)));
        Assert.Equal(HttpStatusCode.Unauthorized, scene.Browser.LastStatus);

        // The failure's one-second backoff passes; the clock stays in the same step.
        scene.Clock.Advance(TimeSpan.FromSeconds(1));
        await scene.Pages.EnterCodeAsync(scene.App.CodeAt(scene.Clock.GetUtcNow().AddSeconds(-30)));
        Assert.NotNull(scene.Scenario.Response()?.Code);
    }

    [Fact]
    public async Task A_code_works_once_and_the_next_step_brings_a_new_one()
    {
        await using var scene = await SecondFactorScene.StartAsync();
        var code = scene.CurrentCode;
        await scene.PasswordAsync();
        await scene.Pages.EnterCodeAsync(code);
        Assert.NotNull(scene.Scenario.Response()?.Code);

        // Someone who saw the code (or the same person a second later) signs in again within the same step.
        scene.SignOut();
        await scene.PasswordAsync();
        await scene.Pages.EnterCodeAsync(code);
        Assert.Equal(HttpStatusCode.Unauthorized, scene.Browser.LastStatus);
        Assert.Equal(SecondFactorService.ReplayedMessage, new AccountPages(scene.Browser, scene.Scenario.Server.BaseAddress).Text("second-factor-error"));

        scene.Clock.Advance(TimeSpan.FromSeconds(30));
        await scene.Pages.EnterCodeAsync(scene.CurrentCode);
        Assert.NotNull(scene.Scenario.Response()?.Code);
        Assert.Single(await EventsAsync(scene, SecurityEventTypes.SecondFactorReplayed));
    }

    [Fact]
    public async Task A_recovery_code_signs_in_once_and_the_page_says_how_many_are_left()
    {
        await using var scene = await SecondFactorScene.StartAsync();
        Assert.Equal(10, scene.RecoveryCodes.Count);
        var recovery = scene.RecoveryCodes[3];
        await scene.PasswordAsync();

        await scene.Pages.EnterRecoveryCodeAsync(recovery);

        var pages = new AccountPages(scene.Browser, scene.Scenario.Server.BaseAddress);
        Assert.Equal("/account/security", scene.Browser.CurrentUrl!.AbsolutePath);
        Assert.Contains("9 codes are left", pages.Text("recovery-code-used"), StringComparison.Ordinal);
        await scene.Pages.ContinueAsync();
        Assert.NotNull(scene.Scenario.Response()?.Code);
        Assert.Contains("remaining=9", Assert.Single(await EventsAsync(scene, SecurityEventTypes.RecoveryCodeUsed)).Details, StringComparison.Ordinal);

        scene.SignOut();
        await scene.PasswordAsync();
        await scene.Pages.EnterRecoveryCodeAsync(recovery);
        Assert.Equal(HttpStatusCode.Unauthorized, scene.Browser.LastStatus);
        Assert.Equal(SecondFactorService.WrongRecoveryCodeMessage, pages.Text("second-factor-error"));
    }

    [Fact]
    public async Task Wrong_codes_count_toward_the_lockout_at_the_tenth_and_an_unlock_lifts_it()
    {
        // No delays between failures: only the lockout can refuse. The same loopback source guesses throughout.
        await using var scene = await SecondFactorScene.StartAsync(settings: new Dictionary<string, string>
        {
            ["SignInDefence:BaseDelay"] = "00:00:00",
            ["SignInDefence:Rules:RepeatedGuessing:Enabled"] = "false",
        });
        await scene.PasswordAsync();

        for (var k = 0; k < 10; k++)
        {
            await scene.Pages.EnterCodeAsync("000000" == scene.CurrentCode ? "111111" : "000000");
            Assert.Equal(HttpStatusCode.Unauthorized, scene.Browser.LastStatus);
        }

        using var locked = await scene.Pages.EnterCodeAsync(scene.CurrentCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, scene.Browser.LastStatus);
        Assert.NotNull(locked.Headers.RetryAfter);
        Assert.Contains("factor=totp", Assert.Single(await EventsAsync(scene, SecurityEventTypes.AccountLocked)).Details, StringComparison.Ordinal);

        var (unlocked, _) = await scene.Scenario.Server.WithServiceAsync(services =>
            services.GetRequiredService<AccountService>().UnlockAsync(CodeFlowScenario.Email, "test", SecurityEventContext.None, CancellationToken.None));
        Assert.True(unlocked.Succeeded);
        await scene.Pages.EnterCodeAsync(scene.CurrentCode);
        Assert.NotNull(scene.Scenario.Response()?.Code);
    }

    [Fact]
    public async Task Prompt_login_asks_for_the_code_again()
    {
        await using var scene = await SecondFactorScene.StartAsync();
        await scene.PasswordAsync();
        await scene.Pages.EnterCodeAsync(scene.CurrentCode);
        Assert.NotNull(scene.Scenario.Response()?.Code);

        scene.Clock.Advance(TimeSpan.FromSeconds(30));
        await scene.PasswordAsync(scene.Scenario.NewRequest() with { Prompt = "login" });

        Assert.True(scene.Pages.AsksForCode, scene.Browser.CurrentUrl?.ToString());
        await scene.Pages.EnterCodeAsync(scene.CurrentCode);
        Assert.NotNull(scene.Scenario.Response()?.Code);
    }

    private static Cookie? DeviceCookie(SecondFactorScene scene) =>
        scene.Browser.Cookies.GetCookies(scene.Scenario.Server.BaseAddress).FirstOrDefault(c => c.Name == SignInDevice.DeviceCookieName);

    internal static Task<IReadOnlyList<SecurityEvent>> EventsAsync(SecondFactorScene scene, string type) => scene.Scenario.Server.EventsAsync(type);
}
