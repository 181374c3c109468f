using ConnexIdP.Core.SecondFactors.PushApproval;
using ConnexIdP.Core.Security;
using ConnexIdP.Server.SecondFactors;
using ConnexIdP.Testing;
using Microsoft.Playwright;

namespace ConnexIdP.BrowserTests;

/// <summary>
/// Push approval end to end in Chromium: a desktop browser signs in to the sample relying party, and a phone (a second
/// browser context at phone size with a CDP virtual platform authenticator) set up through the one-time link answers
/// in ConnexIdP Approve. The server runs on a fake clock, moved on to let requests run out.
/// </summary>
public sealed class PushApprovalTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    private static readonly TimeSpan RequestLifetime = new PushOptions().RequestLifetime;

    [Fact]
    public async Task A_phone_set_up_with_the_link_approves_a_sign_in_when_the_right_number_is_picked()
    {
        await using var story = await PushStory.StartAsync(chromium);

        var (relyingParty, number) = await story.SignInUntilThePushPageAsync();
        var choices = await story.App.WaitForRequestAsync();
        Assert.Contains(number, choices);
        Assert.Equal(3, choices.Distinct().Count());
        Assert.Equal(await story.Push.RequestedAtAsync(), await story.App.RequestedAtAsync());
        Assert.Equal("Approved", await story.App.PickAsync(number));

        Assert.Equal("Signed in as Ada Lovelace", await relyingParty.SignedInAsAsync());
        var methods = await relyingParty.AuthenticationMethodsAsync();
        Assert.Contains("pwd", methods);
        Assert.Contains("mfa", methods);
        Assert.Contains("hwk", methods);
        Assert.Contains("user", methods);
    }

    [Fact]
    public async Task A_wrong_number_picked_on_the_phone_refuses_the_sign_in_and_the_desktop_offers_a_new_request()
    {
        await using var story = await PushStory.StartAsync(chromium);

        var (relyingParty, number) = await story.SignInUntilThePushPageAsync();
        var choices = await story.App.WaitForRequestAsync();
        Assert.Equal("Not approved", await story.App.PickAsync(choices.First(c => c != number)));
        Assert.Contains("not the number on the sign-in screen", await story.App.ResultMessageAsync(), StringComparison.Ordinal);

        await story.Push.WaitForStatusAsync("The number picked on the phone was not this one");
        await story.Push.WaitUntilClosedAsync();
        await story.Push.ScreenshotAsync(Screenshots.PathFor("push-refused", BrowserScreen.Desktop));
        Assert.False(await relyingParty.IsSignedInAsync());
        Assert.Single(await story.EventsAsync(SecurityEventTypes.PushWrongNumber));
        Assert.Empty(await story.EventsAsync(SecurityEventTypes.PushApproved));
    }

    [Fact]
    public async Task Im_not_signing_in_reports_fraud_pauses_push_and_the_desktop_finishes_with_a_recovery_code()
    {
        await using var story = await PushStory.StartAsync(chromium);

        var (relyingParty, _) = await story.SignInUntilThePushPageAsync();
        await story.App.WaitForRequestAsync();
        Assert.Equal("Sign-in refused", await story.App.DenyAsync());
        Assert.Contains("change it now", await story.App.ResultMessageAsync(), StringComparison.Ordinal);
        Assert.True(await story.App.OffersPasswordChangeAsync());
        Assert.Equal("/account/password", await story.App.PasswordChangeLinkAsync());
        await story.App.ScreenshotAsync(Screenshots.PathFor("approve-refused", BrowserScreen.Phone));

        var reported = Assert.Single(await story.EventsAsync(SecurityEventTypes.PushFraudReported));
        Assert.Equal(SecuritySeverity.High, reported.Severity);
        Assert.Contains("did not start this sign-in", reported.Details, StringComparison.Ordinal);
        Assert.Single(await story.EventsAsync(SecurityEventTypes.PushSuspended));

        await story.Push.WaitForStatusAsync("The sign-in was refused on the phone.");
        Assert.Contains("Approval on your phone is paused", await story.GoOnWithoutThePhoneAsync(), StringComparison.Ordinal);
        await story.SecondFactor.UseRecoveryCodeInsteadAsync();
        await story.SecondFactor.WithRecoveryCodeAsync(story.RecoveryCodes[0]);
        await story.Security.WaitUntilShownAsync(story.Server);
        Assert.Equal($"You signed in with a recovery code. {story.RecoveryCodes.Count - 1} codes are left.", await story.Security.RecoveryCodeUsedNoticeAsync());
        await story.Security.ContinueAsync();

        Assert.Equal("Signed in as Ada Lovelace", await relyingParty.SignedInAsAsync());
        Assert.Empty(await story.EventsAsync(SecurityEventTypes.PushApproved));
    }

    [Fact]
    public async Task A_request_not_answered_in_time_expires_on_both_screens_and_a_new_one_can_be_sent()
    {
        await using var story = await PushStory.StartAsync(chromium);

        var (relyingParty, _) = await story.SignInUntilThePushPageAsync();
        await story.App.WaitForRequestAsync();
        story.Clock.Advance(RequestLifetime + TimeSpan.FromSeconds(1));

        await story.Push.WaitForStatusAsync("The request expired before your phone answered.");
        await story.Push.WaitUntilClosedAsync();
        await story.App.WaitUntilWaitingAsync();
        Assert.Single(await story.EventsAsync(SecurityEventTypes.PushExpired));
        Assert.False(await relyingParty.IsSignedInAsync());

        // The relying party's pushed request (request_uri) outlives a push request, so the sign-in carries on.
        await story.Push.SendANewRequestAsync();
        var number = await story.Push.NumberAsync();
        Assert.Contains(number, await story.App.WaitForRequestAsync());
        Assert.Equal(2, (await story.EventsAsync(SecurityEventTypes.PushRequested)).Count);
        Assert.Equal("Approved", await story.App.PickAsync(number));
        Assert.Equal("Signed in as Ada Lovelace", await relyingParty.SignedInAsAsync());
    }

    [Fact]
    public async Task Refused_and_unanswered_requests_up_to_the_fatigue_limit_pause_push_and_another_factor_is_offered()
    {
        await using var story = await PushStory.StartAsync(chromium, settings: new Dictionary<string, string> { ["SecondFactors:Push:FatigueLimit"] = "2" });

        var (relyingParty, number) = await story.SignInUntilThePushPageAsync();
        var choices = await story.App.WaitForRequestAsync();
        Assert.Equal("Not approved", await story.App.PickAsync(choices.First(c => c != number)));
        await story.Push.WaitUntilClosedAsync();

        // Past the push counter's backoff after a refused request, so that the next one may start.
        story.Clock.Advance(TimeSpan.FromSeconds(30));
        await story.Push.SendANewRequestAsync();
        await story.App.WaitForRequestAsync();
        Assert.Empty(await story.EventsAsync(SecurityEventTypes.PushSuspended));
        story.Clock.Advance(RequestLifetime + TimeSpan.FromSeconds(1));
        await story.Push.WaitForStatusAsync("The request expired before your phone answered.");

        var suspended = Assert.Single(await story.EventsAsync(SecurityEventTypes.PushSuspended));
        Assert.Contains("2 requests denied, refused or unanswered", suspended.Details, StringComparison.Ordinal);
        Assert.Contains("after requests were refused or not answered", await story.GoOnWithoutThePhoneAsync(), StringComparison.Ordinal);
        await story.SecondFactor.UseRecoveryCodeInsteadAsync();
        Assert.False(await relyingParty.IsSignedInAsync());
    }

    [Fact]
    public async Task A_phone_answer_sent_again_is_refused_as_already_answered()
    {
        await using var story = await PushStory.StartAsync(chromium);

        var (relyingParty, number) = await story.SignInUntilThePushPageAsync();
        await story.App.WaitForRequestAsync();
        var (outcome, answer) = await story.App.PickKeepingTheAnswerAsync(number);
        Assert.Equal("Approved", outcome);
        Assert.Equal("Signed in as Ada Lovelace", await relyingParty.SignedInAsAsync());

        var (status, error) = await story.App.SendAnswerAsync(answer);
        Assert.Equal(409, status);
        Assert.Equal("This request was already answered.", error);
        Assert.Contains("reason=already-completed", Assert.Single(await story.EventsAsync(SecurityEventTypes.PushAnswerRefused)).Details, StringComparison.Ordinal);
        Assert.Single(await story.EventsAsync(SecurityEventTypes.PushApproved));
    }

    [Fact]
    public async Task Another_browser_waiting_to_sign_in_cannot_complete_with_the_approval_of_the_first()
    {
        await using var story = await PushStory.StartAsync(chromium);
        var (first, number) = await story.SignInUntilThePushPageAsync();
        var firstPushPage = story.Desktop.Url;
        var requestId = (await story.Desktop.Context.CookiesAsync([story.Server.ToString()])).Single(c => c.Name == ApprovalCookies.BrowserCookie).Value.Split('.')[0];

        // The first browser looks away, so its page does not complete the approval by itself.
        await story.Desktop.GotoAsync("about:blank");
        var other = await story.NewDesktopAsync(chromium);
        var second = await story.GivePasswordAtTheAppAsync(other);
        var otherPush = new BrowserPushPage(other);
        await otherPush.WaitUntilShownAsync(story.Server);
        Assert.Contains("Another sign-in to this account is waiting", await otherPush.ErrorAsync(), StringComparison.Ordinal);

        Assert.Contains(number, await story.App.WaitForRequestAsync());
        Assert.Equal("Approved", await story.App.PickAsync(number));

        // The other browser has the request's id, but not the secret of the browser that made it.
        await other.Context.AddCookiesAsync([new Cookie { Name = ApprovalCookies.BrowserCookie, Value = requestId + ".not-the-secret", Url = story.Server.ToString(), Secure = true }]);
        Assert.Equal(400, await otherPush.SubmitCompletionAsync());
        await otherPush.WaitUntilShownAsync(story.Server);
        await otherPush.WaitForErrorAsync("This approval belongs to another sign-in.");
        Assert.False(await second.IsSignedInAsync());

        // The approval is still the first browser's.
        await story.Desktop.GotoAsync(firstPushPage);
        Assert.Equal("Signed in as Ada Lovelace", await first.SignedInAsAsync());
        Assert.False(await second.IsSignedInAsync());
    }

    [Fact]
    public async Task A_phone_removed_from_the_account_page_is_told_so_and_can_no_longer_answer()
    {
        await using var story = await PushStory.StartAsync(chromium);

        // Removing a factor needs a fresh second-factor check: the phone gives it on the way to the account page.
        var security = story.Security;
        await story.Desktop.GotoAsync(new Uri(story.Server, BrowserSecurityPage.Path).ToString());
        var signIn = new BrowserSignInPage(story.Desktop);
        await signIn.WaitUntilShownAsync(story.Server);
        await signIn.WithPasswordAsync(RelyingPartyScenario.Email, RelyingPartyScenario.Password);
        await story.Push.WaitUntilShownAsync(story.Server);
        var number = await story.Push.NumberAsync();
        await story.App.WaitForRequestAsync();
        var (outcome, answer) = await story.App.PickKeepingTheAnswerAsync(number);
        Assert.Equal("Approved", outcome);
        await security.WaitUntilShownAsync(story.Server);
        Assert.Equal([PushStory.PhoneName], await security.PhonesAsync());

        await security.RemovePhoneAsync(PushStory.PhoneName);
        Assert.Equal("The phone was removed: it can no longer approve sign-ins.", await security.ChangeNoticeAsync());
        Assert.Empty(await security.PhonesAsync());

        Assert.Contains("no longer registered", await story.App.WaitUntilForgottenAsync(), StringComparison.Ordinal);
        var (status, error) = await story.App.SendAnswerAsync(answer);
        Assert.Equal(410, status);
        Assert.Contains("no longer registered", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_phone_answering_at_one_server_process_approves_a_sign_in_at_another_on_the_same_postgresql_database()
    {
        var (desktopPort, phonePort) = (FreePort.Next(), FreePort.Next());
        var settings = new Dictionary<string, string>
        {
            ["Database:Provider"] = "PostgreSql",
            ["Database:ConnectionString"] = await PostgresServer.CreateDatabaseAsync(),
            ["Passwords:Pepper:Value"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),

            // One deployment behind two addresses: a ceremony may come from either.
            ["SecondFactors:WebAuthn:Origins:0"] = $"https://localhost:{desktopPort}",
            ["SecondFactors:WebAuthn:Origins:1"] = $"https://localhost:{phonePort}",
        };
        await using var desktopServer = ServerProcess.Create(settings, port: desktopPort);
        await using var phoneServer = ServerProcess.Create(settings, port: phonePort);
        await desktopServer.CreateAccountAsync(RelyingPartyScenario.Email, RelyingPartyScenario.Password, "Ada Lovelace");
        var relyingPartyPort = RelyingPartyHost.ReservePort();
        var scopes = new[] { "openid", "profile", "email" };
        var client = await desktopServer.RegisterClientAsync(RelyingPartyScenario.Registration(relyingPartyPort, scopes));
        await desktopServer.StartAsync();
        await phoneServer.StartAsync();
        await using var relyingPartyHost = await RelyingPartyHost.StartAsync(relyingPartyPort, desktopServer.BaseAddress, RelyingPartyScenario.ClientId, client.GeneratedSecret, scopes);
        await using var desktop = await chromium.NewContextAsync(BrowserScreen.Desktop);
        await using var phone = await chromium.NewContextAsync(BrowserScreen.Phone);
        var desktopPage = await desktop.NewPageAsync();
        var (app, _) = await PushStory.SetUpAPhoneAsync(desktopPage, await phone.NewPageAsync(), desktopServer.BaseAddress, phoneServer.BaseAddress);
        await new BrowserSignOutPage(desktopPage, desktopServer.BaseAddress).SignOutAsync();

        var (relyingParty, signIn) = await BrowserRelyingPartyPage.StartSignInAsync(desktopPage, relyingPartyHost.BaseAddress, desktopServer.BaseAddress);
        await signIn.WithPasswordAsync(RelyingPartyScenario.Email, RelyingPartyScenario.Password);
        var push = new BrowserPushPage(desktopPage);
        await push.WaitUntilShownAsync(desktopServer.BaseAddress);
        var number = await push.NumberAsync();
        Assert.Contains(number, await app.WaitForRequestAsync());
        Assert.Equal("Approved", await app.PickAsync(number));

        Assert.Equal("Signed in as Ada Lovelace", await relyingParty.SignedInAsAsync());
        Assert.Contains("hwk", await relyingParty.AuthenticationMethodsAsync());
        Assert.Equal(phoneServer.BaseAddress.Authority, new Uri(app.Page.Url).Authority);
    }

    [Theory]
    [InlineData("phone")]
    [InlineData("desktop")]
    public async Task The_waiting_page_and_the_request_on_the_phone_are_usable(string screenName)
    {
        var screen = BrowserScreen.Named(screenName);
        await using var story = await PushStory.StartAsync(chromium, screen);

        await story.SignInUntilThePushPageAsync();
        await story.App.WaitForRequestAsync();
        await story.Push.ScreenshotAsync(Screenshots.PathFor("push-waiting", screen));
        await story.App.ScreenshotAsync(Screenshots.PathFor("approve-request", BrowserScreen.Phone));

        var problems = (await story.Push.UsabilityProblemsAsync()).Select(p => "waiting page: " + p)
            .Concat((await story.App.UsabilityProblemsAsync()).Select(p => "phone: " + p));
        Assert.Empty(problems);
    }
}
