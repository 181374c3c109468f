using System.Net;
using System.Text.Json;
using ConnexIdP.Core.Accounts;
using ConnexIdP.Core.Data;
using ConnexIdP.Core.Defence;
using ConnexIdP.Core.Security;
using ConnexIdP.Core.SecondFactors;
using ConnexIdP.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ConnexIdP.IntegrationTests.SecondFactors;

/// <summary>
/// Push approval as a sign-in lives it, over real HTTP: the browser shows a number, the phone picks one and signs its
/// answer, and only the browser that created the request completes the sign-in. Wrong numbers, "I'm not signing in",
/// requests that run out and requests that pile up are refused, counted and, past a limit, suspend push approval.
/// </summary>
public sealed class PushApprovalTests
{
    [Fact]
    public async Task Approving_with_the_number_on_screen_completes_the_sign_in_of_the_browser_that_asked()
    {
        await using var scene = await PushScene.StartAsync();
        var request = await scene.Scene.PasswordAsync();
        Assert.True(scene.Push.IsShown, scene.Browser.CurrentUrl?.ToString());
        var number = scene.Push.Number!.Value;

        var shown = await scene.Phone.WaitingRequestAsync();
        Assert.Contains(number, shown.Choices);
        Assert.Equal(3, shown.Choices.Distinct().Count());
        Assert.Equal(scene.Push.RequestId, shown.Id);
        var answer = await scene.Phone.AnswerAsync(shown, number);
        Assert.True(answer.Status == HttpStatusCode.OK, answer.ToString());
        Assert.Equal("approved", answer.Text("status"));
        Assert.Equal((HttpStatusCode.OK, "approved"), await scene.Push.PollAsync());
        await scene.Push.ContinueAsync();

        var idToken = await scene.Scene.IdTokenAsync(request);
        var methods = idToken.Claims.Where(c => c.Type == "amr").Select(c => c.Value).ToList();
        Assert.Contains("pwd", methods);
        Assert.Contains("mfa", methods);
        Assert.Contains("hwk", methods);
        Assert.Contains("user", methods);
        var account = await scene.AccountAsync();
        Assert.Equal(account.Id, Assert.Single(await scene.EventsAsync(SecurityEventTypes.PushApproved)).AccountId);
        Assert.Contains(await scene.EventsAsync(SecurityEventTypes.SecondFactorSucceeded), e => e.Details!.Contains($"factor=push; request={shown.Id}", StringComparison.Ordinal));
        Assert.Empty(await scene.Phone.RequestsAsync());
    }

    [Fact]
    public async Task An_approval_left_unused_for_a_request_lifetime_no_longer_completes_the_sign_in()
    {
        await using var scene = await PushScene.StartAsync();
        await scene.Scene.PasswordAsync();
        var shown = await scene.Phone.WaitingRequestAsync();
        Assert.Equal("approved", (await scene.Phone.AnswerAsync(shown, scene.Push.Number!.Value)).Text("status"));

        scene.Clock.Advance(TimeSpan.FromSeconds(61));
        var stale = await scene.Push.ContinueAsync();

        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Contains("too old", scene.Push.Error, StringComparison.Ordinal);
        Assert.True(scene.Push.IsShown);
    }

    [Fact]
    public async Task A_phone_whose_passkey_is_synced_proves_swk_rather_than_hwk()
    {
        await using var scene = await PushScene.StartAsync(withPhone: false);
        using var synced = new SoftwareAuthenticator(scene.Origin, backupEligible: true);
        using var phone = new SoftwarePhone(scene.Server.BaseAddress, synced);
        await Accounts.PasswordChangeTests.SignInAsync(scene.Browser, scene.Server, CodeFlowScenario.Email, CodeFlowScenario.Password);
        Assert.Equal(HttpStatusCode.OK, (await phone.EnrollAsync(await scene.MakeLinkAsync(scene.Browser))).Status);
        await scene.FinishLinkAsync(scene.Browser);
        scene.Scene.SignOut();

        var request = await scene.Scene.PasswordAsync();
        await phone.AnswerAsync(await phone.WaitingRequestAsync(), scene.Push.Number);
        await scene.Push.ContinueAsync();

        var methods = (await scene.Scene.IdTokenAsync(request)).Claims.Where(c => c.Type == "amr").Select(c => c.Value).ToList();
        Assert.Contains("swk", methods);
        Assert.DoesNotContain("hwk", methods);
    }

    [Fact]
    public async Task Picking_another_number_refuses_the_sign_in_and_counts_a_failure()
    {
        await using var scene = await PushScene.StartAsync();
        var (shown, number) = await scene.PasswordAsync();

        var answer = await scene.Phone.AnswerAsync(shown, shown.Choices.First(c => c != number));

        Assert.True(answer.Status == HttpStatusCode.OK, answer.ToString());
        Assert.Equal("wrong-number", answer.Text("status"));
        await scene.Push.ContinueAsync();
        Assert.Equal(HttpStatusCode.Conflict, scene.Browser.LastStatus);
        Assert.Equal("wrong-number", scene.Push.Status);
        Assert.Null(scene.Scene.Scenario.Response());
        var wrong = Assert.Single(await scene.EventsAsync(SecurityEventTypes.PushWrongNumber));
        Assert.Equal(SecuritySeverity.Medium, wrong.Severity);
        var failed = Assert.Single(await scene.EventsAsync(SecurityEventTypes.SignInFailed));
        Assert.Contains("factor=push; reason=wrong-number", failed.Details, StringComparison.Ordinal);
        Assert.Equal(1, await PushFailuresAsync(scene));
        Assert.Empty(await scene.EventsAsync(SecurityEventTypes.PushApproved));
    }

    [Fact]
    public async Task Im_not_signing_in_reports_fraud_and_pauses_push_until_the_account_is_unlocked()
    {
        await using var scene = await PushScene.StartAsync();
        await scene.Scene.PasswordAsync();
        var shown = await scene.Phone.WaitingRequestAsync();

        var answer = await scene.Phone.AnswerAsync(shown, null, "deny");

        Assert.True(answer.Status == HttpStatusCode.OK, answer.ToString());
        Assert.Equal("denied", answer.Text("status"));
        Assert.Equal("/account/password", answer.Text("changePassword"));
        var fraud = Assert.Single(await scene.EventsAsync(SecurityEventTypes.PushFraudReported));
        Assert.Equal(SecuritySeverity.High, fraud.Severity);
        var until = scene.Clock.GetUtcNow() + Options(scene).FraudSuspension;
        Assert.Equal(until, (await scene.AccountAsync()).PushSuspendedUntil);
        Assert.Single(await scene.EventsAsync(SecurityEventTypes.PushSuspended));

        // The browser that asked is refused, and neither it nor a new sign-in can start another request.
        await scene.Push.ContinueAsync();
        Assert.Null(scene.Scene.Scenario.Response());
        await scene.Push.SendNewAsync();
        Assert.Equal(HttpStatusCode.Forbidden, scene.Browser.LastStatus);
        Assert.StartsWith("Approval on your phone is paused for this account until", scene.Push.Error, StringComparison.Ordinal);
        var (other, _) = await scene.AnotherBrowserAsync();
        using (other)
        {
            Assert.Equal(SecondFactorPages.CodePath, other.CurrentUrl!.AbsolutePath);
            Assert.Empty(await scene.Phone.RequestsAsync());
        }

        var (unlocked, _) = await scene.Server.WithServiceAsync(services =>
            services.GetRequiredService<AccountService>().UnlockAsync(CodeFlowScenario.Email, "test", SecurityEventContext.None, CancellationToken.None));
        Assert.True(unlocked.Succeeded, unlocked.Message);
        Assert.Equal(scene.Clock.GetUtcNow(), (await scene.AccountAsync()).PushSuspendedUntil);
        var (again, push) = await scene.AnotherBrowserAsync();
        using (again)
        {
            Assert.True(push.IsShown, again.CurrentUrl?.ToString());
            Assert.NotNull(push.Number);
        }
    }

    [Fact]
    public async Task A_request_that_runs_out_is_expired_for_browser_and_phone_and_counted_once()
    {
        await using var scene = await PushScene.StartAsync();
        var (shown, number) = await scene.PasswordAsync();

        scene.Clock.Advance(Options(scene).RequestLifetime);
        var late = await scene.Phone.AnswerAsync(shown, number);
        var (_, polled) = await scene.Push.PollAsync();
        var (_, polledAgain) = await scene.Push.PollAsync();
        await scene.Push.OpenAsync();
        var again = await scene.Phone.AnswerAsync(shown, number);

        Assert.Equal(HttpStatusCode.NotFound, late.Status);
        Assert.Equal("This request expired before it was answered.", late.Error);
        Assert.Equal("expired", polled);
        Assert.Equal("expired", polledAgain);
        Assert.Equal("expired", scene.Push.Status);
        Assert.Equal(HttpStatusCode.Conflict, again.Status);
        Assert.Empty(await scene.Phone.RequestsAsync());
        Assert.Single(await scene.EventsAsync(SecurityEventTypes.PushExpired));
        Assert.Contains("reason=unanswered", Assert.Single(await scene.EventsAsync(SecurityEventTypes.SignInFailed)).Details, StringComparison.Ordinal);
        Assert.Equal(1, await PushFailuresAsync(scene));
        await scene.Push.ContinueAsync();
        Assert.Null(scene.Scene.Scenario.Response());
    }

    [Theory]
    [InlineData(TestDatabase.Sqlite)]
    [InlineData(TestDatabase.PostgreSql)]
    public async Task A_request_that_runs_out_is_counted_once_when_many_readers_notice_it_at_the_same_time(TestDatabase database)
    {
        await using var scene = await PushScene.StartAsync(database: database);
        var (shown, number) = await scene.PasswordAsync();

        scene.Clock.Advance(Options(scene).RequestLifetime);
        var polls = Enumerable.Range(0, 6).Select(_ => scene.Push.PollAsync()).ToList();
        var answers = Enumerable.Range(0, 3).Select(_ => scene.Phone.AnswerAsync(shown, number)).ToList();
        await Task.WhenAll(polls);
        await Task.WhenAll(answers);

        Assert.All(polls, poll => Assert.Equal((HttpStatusCode.OK, "expired"), poll.Result));
        Assert.All(answers, answer => Assert.True(answer.Result.Status is HttpStatusCode.NotFound or HttpStatusCode.Conflict, answer.Result.ToString()));
        Assert.Single(await scene.EventsAsync(SecurityEventTypes.PushExpired));
        Assert.Single(await scene.EventsAsync(SecurityEventTypes.SignInFailed));
        Assert.Equal(1, await PushFailuresAsync(scene));
    }

    [Fact]
    public async Task Too_many_refused_or_unanswered_requests_within_the_window_suspend_push()
    {
        await using var scene = await PushScene.StartAsync();
        var limit = Options(scene).FatigueLimit;
        await scene.Scene.PasswordAsync();
        Assert.Equal(3, limit);

        // Wrong numbers and a request left to run out, each followed by "Send a new request".
        var first = await scene.Phone.WaitingRequestAsync();
        Assert.Equal("wrong-number", (await scene.Phone.AnswerAsync(first, first.Choices.First(c => c != scene.Push.Number))).Text("status"));
        await scene.Push.SendNewAsync();
        Assert.Equal("pending", scene.Push.Status);
        scene.Clock.Advance(Options(scene).RequestLifetime);
        await scene.Push.SendNewAsync();
        Assert.Equal("pending", scene.Push.Status);
        Assert.Empty(await scene.EventsAsync(SecurityEventTypes.PushSuspended));
        var third = await scene.Phone.WaitingRequestAsync();
        var last = await scene.Phone.AnswerAsync(third, third.Choices.First(c => c != scene.Push.Number));

        Assert.Equal("wrong-number", last.Text("status"));
        var until = scene.Clock.GetUtcNow() + Options(scene).FatigueSuspension;
        Assert.Equal(until, last.Json.GetProperty("suspendedUntil").GetDateTimeOffset());
        Assert.Equal(until, (await scene.AccountAsync()).PushSuspendedUntil);
        var suspended = Assert.Single(await scene.EventsAsync(SecurityEventTypes.PushSuspended));
        Assert.Contains("3 requests denied, refused or unanswered", suspended.Details, StringComparison.Ordinal);
        await scene.Push.SendNewAsync();
        Assert.Equal(HttpStatusCode.Forbidden, scene.Browser.LastStatus);
        Assert.StartsWith("Approval on your phone is paused", scene.Push.Error, StringComparison.Ordinal);

        // The suspension ends by itself: the next sign-in asks the phone again.
        scene.Clock.Advance(Options(scene).FatigueSuspension);
        var (later, push) = await scene.AnotherBrowserAsync();
        using (later)
        {
            Assert.Equal("pending", push.Status);
        }
    }

    [Fact]
    public async Task A_second_browser_waits_while_the_first_request_is_open_and_a_reload_shows_the_same_request()
    {
        await using var scene = await PushScene.StartAsync();
        await scene.Scene.PasswordAsync();
        var number = scene.Push.Number;
        var requestId = scene.Push.RequestId;

        var (other, otherPush) = await scene.AnotherBrowserAsync();
        using (other)
        {
            Assert.Equal(HttpStatusCode.Conflict, other.LastStatus);
            Assert.StartsWith("Another sign-in to this account is waiting for approval on your phone.", otherPush.Error, StringComparison.Ordinal);
            Assert.Null(otherPush.Number);
            Assert.Null(otherPush.RequestId);
        }

        await scene.Push.OpenAsync();
        Assert.Equal(number, scene.Push.Number);
        Assert.Equal(requestId, scene.Push.RequestId);
        Assert.Equal(requestId, (await scene.Phone.WaitingRequestAsync()).Id);
    }

    [Fact]
    public async Task Requests_withdrawn_before_the_phone_answers_still_count_so_a_password_cannot_flood_the_phone()
    {
        await using var scene = await PushScene.StartAsync(settings: new Dictionary<string, string> { ["SignInDefence:BaseDelay"] = "00:00:01" });
        await scene.PasswordAsync();

        // Each new request waits out the backoff of the ones before it, withdrawn or not.
        await scene.Push.UseAnotherWayAsync();
        using var refused = await scene.Push.OpenAsync();
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(1), refused.Headers.RetryAfter?.Delta);
        Assert.Empty(await scene.Phone.RequestsAsync());

        scene.Clock.Advance(TimeSpan.FromSeconds(1));
        await scene.Push.OpenAsync();
        Assert.Equal("pending", scene.Push.Status);
        await scene.Push.UseAnotherWayAsync();
        using var longer = await scene.Push.OpenAsync();
        Assert.Equal(HttpStatusCode.TooManyRequests, longer.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(2), longer.Headers.RetryAfter?.Delta);
        Assert.Equal(2, await PushFailuresAsync(scene));
        Assert.Equal(2, (await scene.EventsAsync(SecurityEventTypes.SignInRefused)).Count(e => e.Details!.Contains("factor=push", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task After_an_unlock_the_fatigue_limit_counts_afresh()
    {
        await using var scene = await PushScene.StartAsync();
        await scene.Scene.PasswordAsync();
        for (var k = 0; k < Options(scene).FatigueLimit; k++)
        {
            if (k > 0)
            {
                await scene.Push.SendNewAsync();
            }

            var shown = await scene.Phone.WaitingRequestAsync();
            Assert.Equal("wrong-number", (await scene.Phone.AnswerAsync(shown, shown.Choices.First(c => c != scene.Push.Number))).Text("status"));
        }

        Assert.NotNull((await scene.AccountAsync()).PushSuspendedUntil);

        // An administrator unlocks the account a few minutes later; one more wrong number is one failure since: not the limit.
        scene.Clock.Advance(TimeSpan.FromMinutes(2));
        await scene.Server.WithServiceAsync(services =>
            services.GetRequiredService<AccountService>().UnlockAsync(CodeFlowScenario.Email, "test", SecurityEventContext.None, CancellationToken.None));
        var (browser, push) = await scene.AnotherBrowserAsync();
        using var _ = browser;
        var again = await scene.Phone.WaitingRequestAsync();
        var answer = await scene.Phone.AnswerAsync(again, again.Choices.First(c => c != push.Number));

        Assert.Equal("wrong-number", answer.Text("status"));
        Assert.Equal(JsonValueKind.Null, answer.Json.GetProperty("suspendedUntil").ValueKind);
        Assert.Single(await scene.EventsAsync(SecurityEventTypes.PushSuspended));
        await push.SendNewAsync();
        Assert.Equal("pending", push.Status);
    }

    [Theory]
    [InlineData(TestDatabase.Sqlite)]
    [InlineData(TestDatabase.PostgreSql)]
    public async Task Browsers_starting_at_the_same_moment_open_one_request_between_them(TestDatabase database)
    {
        await using var scene = await PushScene.StartAsync(database: database);

        // Four sign-ins give the password one after the other (the hashing gate admits few at once) and stop before the push page.
        var browsers = new List<TestBrowser>();
        for (var k = 0; k < 4; k++)
        {
            var browser = new TestBrowser { StopAt = uri => uri.AbsolutePath == PushPage.Path };
            browsers.Add(browser);
            await browser.GetAsync(new Uri(scene.Server.BaseAddress, "/account/signin"));
            await new SignInPage(browser).WithPasswordAsync(CodeFlowScenario.Email, CodeFlowScenario.Password);
            Assert.Equal(PushPage.Path, browser.CurrentUrl!.AbsolutePath);
        }

        try
        {
            await Task.WhenAll(browsers.Select(b => b.GetAsync(b.CurrentUrl!)));

            Assert.Single(browsers, b => b.LastStatus == HttpStatusCode.OK);
            Assert.All(browsers.Where(b => b.LastStatus != HttpStatusCode.OK), b => Assert.Equal(HttpStatusCode.Conflict, b.LastStatus));
            Assert.Single(await scene.Phone.RequestsAsync());
        }
        finally
        {
            browsers.ForEach(b => b.Dispose());
        }
    }

    [Theory]
    [InlineData(TestDatabase.Sqlite)]
    [InlineData(TestDatabase.PostgreSql)]
    public async Task Continue_pressed_twice_at_once_spends_the_approval_once(TestDatabase database)
    {
        await using var scene = await PushScene.StartAsync(database: database);
        await scene.Scene.PasswordAsync();
        Assert.Equal("approved", (await scene.Phone.AnswerAsync(await scene.Phone.WaitingRequestAsync(), scene.Push.Number)).Text("status"));
        var (action, fields) = scene.Browser.ReadForm();
        using var http = new HttpClient(TestTls.TrustingHandler(allowRedirects: false, cookies: scene.Browser.Cookies));

        var posts = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => http.PostAsync(action, new FormUrlEncodedContent(fields))));

        Assert.Single(posts, p => p.StatusCode == HttpStatusCode.SeeOther);
        Assert.Single(await scene.EventsAsync(SecurityEventTypes.SecondFactorSucceeded));
    }

    [Fact]
    public async Task An_approval_completes_only_its_own_browsers_sign_in_and_only_once()
    {
        await using var scene = await PushScene.StartAsync();
        await scene.Scene.PasswordAsync();
        var (thief, thiefPush) = await scene.AnotherBrowserAsync();
        using var _ = thief;
        var shown = await scene.Phone.WaitingRequestAsync();
        Assert.Equal("approved", (await scene.Phone.AnswerAsync(shown, scene.Push.Number)).Text("status"));

        // Another pending sign-in of the same account, with no request, then with the request's id and a made-up secret.
        await thiefPush.ContinueAsync();
        Assert.Equal(HttpStatusCode.BadRequest, thief.LastStatus);
        SetBinding(thief, scene, $"{shown.Id}.{new string('A', 43)}");
        await thiefPush.ContinueAsync();
        Assert.Equal(HttpStatusCode.BadRequest, thief.LastStatus);
        Assert.Null(thiefPush.Number);
        Assert.Equal((HttpStatusCode.OK, "approved"), await scene.Push.PollAsync());

        // The browser that asked completes; its binding, copied afterwards, completes nothing more.
        var binding = scene.Browser.Cookies.GetCookies(scene.Server.BaseAddress)[PushPage.BindingCookie]!.Value;
        await scene.Push.ContinueAsync();
        Assert.NotNull(scene.Scene.Scenario.Response()?.Code);
        SetBinding(thief, scene, binding);
        await thiefPush.OpenAsync();
        Assert.Equal("completed", thiefPush.Status);
        await thiefPush.ContinueAsync();
        Assert.Equal(HttpStatusCode.Conflict, thief.LastStatus);
        Assert.Null(CodeFlowResponse(thief));
        Assert.Single(await scene.EventsAsync(SecurityEventTypes.SecondFactorSucceeded));
    }

    [Fact]
    public async Task An_administrator_whose_only_factor_is_a_phone_signs_in_to_the_admin_api_with_an_approval()
    {
        const string Admin = "grace@example.com";
        await using var scene = await PushScene.StartAsync(withPhone: false);
        await scene.Server.CreateAccountAsync(Admin, CodeFlowScenario.Password, "Grace Hopper", admin: true);
        using var consoleClient = await AdminConsole.RegisterAsync(scene.Server);

        // The first sign-in must add a factor: Grace sets up her phone from the enrollment it leads to.
        var (first, _) = await scene.AnotherBrowserAsync(Admin, AdminConsole.NewRequest());
        using (first)
        {
            Assert.True(new SecondFactorPages(first, scene.Server.BaseAddress).AsksToEnroll, first.CurrentUrl?.ToString());
            var returnUrl = System.Web.HttpUtility.ParseQueryString(first.CurrentUrl!.Query)["returnUrl"]!;
            await first.GetAsync(new Uri(scene.Server.BaseAddress, PushScene.PhonePath + "?returnUrl=" + Uri.EscapeDataString(returnUrl)));
            Assert.Equal(HttpStatusCode.OK, (await scene.Phone.EnrollAsync(await scene.MakeLinkAsync(first, "Grace's phone"))).Status);
            await scene.FinishLinkAsync(first);
            await new SecondFactorPages(first, scene.Server.BaseAddress).ContinueAsync();
            Assert.Equal(CodeFlowScenario.RedirectUri.Host, first.CurrentUrl!.Host);
        }

        // Her next sign-in asks the phone, and its token opens the admin API.
        var request = AdminConsole.NewRequest();
        var (browser, push) = await scene.AnotherBrowserAsync(Admin, request);
        using var _ = browser;
        Assert.True(push.IsShown, browser.CurrentUrl?.ToString());
        Assert.Equal("approved", (await scene.Phone.AnswerAsync(await scene.Phone.WaitingRequestAsync(), push.Number)).Text("status"));
        await push.ContinueAsync();
        var tokens = await consoleClient.RedeemCodeAsync(CodeFlowResponse(browser)!.Code!, request.RedirectUri, request.Pkce?.Verifier);
        using var http = scene.Server.CreateClient();
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", tokens.AccessToken);

        Assert.Contains("mfa", new System.IdentityModel.Tokens.Jwt.JwtSecurityTokenHandler().ReadJwtToken(tokens.IdToken).Claims.Where(c => c.Type == "amr").Select(c => c.Value));
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("admin/api/blocks")).StatusCode);
    }

    private static void SetBinding(TestBrowser browser, PushScene scene, string value) =>
        browser.Cookies.Add(scene.Server.BaseAddress, new Cookie(PushPage.BindingCookie, value, "/") { Secure = true, HttpOnly = true });

    private static AuthorizationResponse? CodeFlowResponse(TestBrowser browser) =>
        browser.CurrentUrl is { } url && url.Host == CodeFlowScenario.RedirectUri.Host ? AuthorizationResponse.From(url) : null;

    private static Core.SecondFactors.PushApproval.PushOptions Options(PushScene scene) =>
        scene.Server.Services.GetRequiredService<IOptions<SecondFactorOptions>>().Value.Push;

    private static async Task<int> PushFailuresAsync(PushScene scene)
    {
        var key = CounterKey.ForAccount(Factors.Push, (await scene.AccountAsync()).Id);
        return await scene.Server.WithServiceAsync(services =>
            services.GetRequiredService<ConnexDbContext>().FailureCounters.AsNoTracking().Where(c => c.Key == key).Select(c => c.Failures).SingleOrDefaultAsync());
    }
}
