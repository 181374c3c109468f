using System.Net;
using ConnexIdP.Core.Data;
using ConnexIdP.Core.SecondFactors;
using ConnexIdP.Core.SecondFactors.PushApproval;
using ConnexIdP.IntegrationTests.Accounts;
using ConnexIdP.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ConnexIdP.IntegrationTests.SecondFactors;

/// <summary>
/// Setting up a phone with the one-time link from the account page: the link works once, for a few minutes, only with a
/// credential made with the phone's screen lock, and anything else sent as a code gets a clear 400.
/// </summary>
public sealed class PushEnrollmentTests
{
    private const string ExpiredLink = "This link has expired or was already used. Get a new one from your account page.";

    [Fact]
    public async Task A_link_sets_up_one_phone_and_then_opens_nothing()
    {
        await using var scene = await PushScene.StartAsync(withPhone: false);
        await PasswordChangeTests.SignInAsync(scene.Browser, scene.Server, CodeFlowScenario.Email, CodeFlowScenario.Password);
        var code = await scene.MakeLinkAsync(scene.Browser);
        using var otherKey = new SoftwareAuthenticator(scene.Origin);
        using var other = new SoftwarePhone(scene.Server.BaseAddress, otherKey);

        var first = await scene.Phone.EnrollAsync(code);
        var second = await other.EnrollAsync(code);

        Assert.Equal(HttpStatusCode.OK, first.Status);
        Assert.Equal(CodeFlowScenario.Email, first.Text("account"));
        Assert.Equal("Ada's phone", first.Text("name"));
        Assert.NotNull(scene.Phone.Session);
        Assert.Equal(HttpStatusCode.BadRequest, second.Status);
        Assert.Equal(ExpiredLink, second.Error);
        Assert.Single(await DevicesAsync(scene));

        // The page that showed the link sees the phone arrive and finishes with recovery codes for the first factor.
        await scene.FinishLinkAsync(scene.Browser);
        Assert.Equal("Your phone now approves your sign-ins.", new AccountPages(scene.Browser, scene.Server.BaseAddress).Text("phone-added"));
        Assert.Equal(10, new SecondFactorPages(scene.Browser, scene.Server.BaseAddress).RecoveryCodesShown().Count);
    }

    [Fact]
    public async Task Only_the_last_registration_a_link_started_can_spend_it()
    {
        await using var scene = await PushScene.StartAsync(withPhone: false);
        await PasswordChangeTests.SignInAsync(scene.Browser, scene.Server, CodeFlowScenario.Email, CodeFlowScenario.Password);
        var code = await scene.MakeLinkAsync(scene.Browser);

        var earlier = await scene.Phone.PostAsync("enroll/options", ("code", code));
        var later = await scene.Phone.PostAsync("enroll/options", ("code", code));
        var fromEarlier = await scene.Phone.PostAsync("enroll",
            ("challengeId", earlier.Text("challengeId")!), ("credential", scene.Authenticator.Register(earlier.Json.GetProperty("options").GetRawText())));
        var fromLater = await scene.Phone.PostAsync("enroll",
            ("challengeId", later.Text("challengeId")!), ("credential", scene.Authenticator.Register(later.Json.GetProperty("options").GetRawText())));

        Assert.Equal(HttpStatusCode.BadRequest, fromEarlier.Status);
        Assert.Equal(HttpStatusCode.OK, fromLater.Status);
        Assert.Single(await DevicesAsync(scene));
    }

    [Fact]
    public async Task Links_made_before_the_limit_was_reached_cannot_add_phones_beyond_it()
    {
        await using var scene = await PushScene.StartAsync(withPhone: false, settings: new Dictionary<string, string> { ["SecondFactors:Push:MaximumDevicesPerAccount"] = "1" });
        await PasswordChangeTests.SignInAsync(scene.Browser, scene.Server, CodeFlowScenario.Email, CodeFlowScenario.Password);
        var first = await scene.MakeLinkAsync(scene.Browser, "Work phone");
        var second = await scene.MakeLinkAsync(scene.Browser, "Home phone");
        using var otherKey = new SoftwareAuthenticator(scene.Origin);
        using var other = new SoftwarePhone(scene.Server.BaseAddress, otherKey);

        Assert.Equal(HttpStatusCode.OK, (await scene.Phone.EnrollAsync(first)).Status);
        var beyond = await other.EnrollAsync(second);

        Assert.Equal(HttpStatusCode.BadRequest, beyond.Status);
        Assert.Equal("An account can have at most 1 phones for approvals; remove one first.", beyond.Error);
        Assert.Single(await DevicesAsync(scene));
    }

    [Fact]
    public async Task With_push_turned_off_a_link_made_before_adds_no_phone_and_sign_ins_use_the_other_factors()
    {
        await using var scene = await PushScene.StartAsync();
        await PasswordChangeTests.SignInAsync(scene.Browser, scene.Server, CodeFlowScenario.Email, CodeFlowScenario.Password);
        Assert.Equal("approved", (await scene.Phone.AnswerAsync(await scene.Phone.WaitingRequestAsync(), scene.Push.Number)).Text("status"));
        await scene.Push.ContinueAsync();
        var code = await scene.MakeLinkAsync(scene.Browser, "Spare phone");

        await scene.Server.RestartAsync(new Dictionary<string, string?> { ["SecondFactors:Push:Enabled"] = "false" });
        using var spareKey = new SoftwareAuthenticator(scene.Origin);
        using var spare = new SoftwarePhone(scene.Server.BaseAddress, spareKey);
        var late = await spare.EnrollAsync(code);
        var (browser, _) = await scene.AnotherBrowserAsync();
        using var _ = browser;

        Assert.Equal(HttpStatusCode.BadRequest, late.Status);
        Assert.Single(await DevicesAsync(scene));
        Assert.Equal(SecondFactorPages.CodePath, browser.CurrentUrl!.AbsolutePath);
        await browser.GetAsync(new Uri(scene.Server.BaseAddress, PushPage.Path));
        Assert.Equal(SecondFactorPages.CodePath, browser.CurrentUrl!.AbsolutePath);
    }

    [Fact]
    public async Task A_link_runs_out_after_its_lifetime()
    {
        await using var scene = await PushScene.StartAsync(withPhone: false);
        await PasswordChangeTests.SignInAsync(scene.Browser, scene.Server, CodeFlowScenario.Email, CodeFlowScenario.Password);
        var code = await scene.MakeLinkAsync(scene.Browser);

        scene.Clock.Advance(scene.Server.Services.GetRequiredService<IOptions<SecondFactorOptions>>().Value.Push.EnrollmentLifetime);
        var late = await scene.Phone.EnrollAsync(code);

        Assert.Equal(HttpStatusCode.BadRequest, late.Status);
        Assert.Equal(ExpiredLink, late.Error);
        Assert.Empty(await DevicesAsync(scene));
    }

    [Fact]
    public async Task A_link_started_in_time_but_answered_after_it_ran_out_is_refused()
    {
        await using var scene = await PushScene.StartAsync(withPhone: false);
        await PasswordChangeTests.SignInAsync(scene.Browser, scene.Server, CodeFlowScenario.Email, CodeFlowScenario.Password);
        var options = await scene.Phone.PostAsync("enroll/options", ("code", await scene.MakeLinkAsync(scene.Browser)));

        scene.Clock.Advance(scene.Server.Services.GetRequiredService<IOptions<SecondFactorOptions>>().Value.Push.EnrollmentLifetime);
        var late = await scene.Phone.PostAsync("enroll",
            ("challengeId", options.Text("challengeId")!), ("credential", scene.Authenticator.Register(options.Json.GetProperty("options").GetRawText())));

        Assert.Equal(HttpStatusCode.BadRequest, late.Status);
        Assert.Empty(await DevicesAsync(scene));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not a code")]
    [InlineData("0000-0000-0000-0000")]
    [InlineData("0000-0000-0000")]
    [InlineData("0000-0000-0000-0000-0")]
    [InlineData("ÄÖÜ0-0000-0000-0000")]
    [InlineData("0000\u00000000-0000-0000")]
    [InlineData("000000000000000000000000000000000000000000000000000000000000000000000000")]
    public async Task An_unknown_or_malformed_code_gets_a_clear_400(string code)
    {
        await using var scene = await PushScene.StartAsync(withPhone: false);

        var reply = await scene.Phone.PostAsync("enroll/options", ("code", code));

        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.Equal("application/json", reply.ContentType);
        Assert.Equal(ExpiredLink, reply.Error);
    }

    [Fact]
    public async Task A_missing_code_gets_a_clear_400()
    {
        await using var scene = await PushScene.StartAsync(withPhone: false);

        var reply = await scene.Phone.PostAsync("enroll/options", []);

        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.Equal(ExpiredLink, reply.Error);
    }

    [Fact]
    public async Task One_source_guessing_link_codes_is_limited_per_minute_and_told_so()
    {
        await using var scene = await PushScene.StartAsync(withPhone: false, settings: new Dictionary<string, string>
        {
            ["SecondFactors:Push:DeviceAttemptsPerMinute"] = "2",
        });

        var replies = new List<PhoneReply>();
        for (var i = 0; i < 3; i++)
        {
            replies.Add(await scene.Phone.PostAsync("enroll/options", [new("code", "ABCD-EFGH-JKMN-PQRS")]));
        }

        Assert.Equal([HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.TooManyRequests], replies.Select(r => r.Status));
        Assert.Equal("Too many attempts to set up or open the approval app from your network. Try again in a minute.", replies[2].Error);
    }

    [Fact]
    public async Task A_code_typed_in_lower_case_with_spaces_and_look_alike_letters_is_read()
    {
        await using var scene = await PushScene.StartAsync(withPhone: false);
        await PasswordChangeTests.SignInAsync(scene.Browser, scene.Server, CodeFlowScenario.Email, CodeFlowScenario.Password);
        var code = await scene.MakeLinkAsync(scene.Browser);
        var typed = code.Replace('-', ' ').Replace('0', 'o').Replace('1', 'l').ToLowerInvariant();

        var reply = await scene.Phone.EnrollAsync(typed);

        Assert.Equal(HttpStatusCode.OK, reply.Status);
    }

    [Fact]
    public async Task A_credential_made_without_the_screen_lock_is_refused_and_the_link_stays_usable()
    {
        await using var scene = await PushScene.StartAsync(withPhone: false);
        await PasswordChangeTests.SignInAsync(scene.Browser, scene.Server, CodeFlowScenario.Email, CodeFlowScenario.Password);
        var code = await scene.MakeLinkAsync(scene.Browser);

        var unverified = await scene.Phone.EnrollAsync(code, userVerified: false);

        Assert.Equal(HttpStatusCode.BadRequest, unverified.Status);
        Assert.Contains("user verification", unverified.Error, StringComparison.OrdinalIgnoreCase);
        Assert.Null(scene.Phone.Session);
        Assert.Empty(await DevicesAsync(scene));
        Assert.Equal(HttpStatusCode.OK, (await scene.Phone.EnrollAsync(code)).Status);
    }

    [Fact]
    public async Task A_password_alone_cannot_add_a_phone_to_an_account_that_has_one()
    {
        await using var scene = await PushScene.StartAsync();
        var (intruder, push) = await scene.AnotherBrowserAsync();
        using var _ = intruder;
        Assert.True(push.IsShown, intruder.CurrentUrl?.ToString());
        var (_, fields) = intruder.ReadForm();

        await intruder.GetAsync(new Uri(scene.Server.BaseAddress, PushScene.PhonePath));
        Assert.True(new SignInPage(intruder).IsShown, intruder.CurrentUrl?.ToString());
        await intruder.PostFormAsync(new Uri(scene.Server.BaseAddress, PushScene.PhonePath), [.. fields.Where(f => f.Key != "ReturnUrl"), new("Name", "Intruder's phone")]);

        Assert.Null(new AccountPages(intruder, scene.Server.BaseAddress).Text("phone-code"));
        Assert.Equal(0, await scene.Server.WithServiceAsync(services => services.GetRequiredService<ConnexDbContext>().ApprovalEnrollments.CountAsync(e => e.DeviceName == "Intruder's phone")));
        Assert.Single(await DevicesAsync(scene));
    }

    [Fact]
    public async Task Only_the_browser_that_made_the_link_sees_the_phone_arrive_and_finishes_with_it()
    {
        const string Other = "grace@example.com";
        await using var scene = await PushScene.StartAsync(withPhone: false);
        await scene.Server.CreateAccountAsync(Other, CodeFlowScenario.Password, "Grace Hopper");
        await PasswordChangeTests.SignInAsync(scene.Browser, scene.Server, CodeFlowScenario.Email, CodeFlowScenario.Password);
        var code = await scene.MakeLinkAsync(scene.Browser);
        var ticket = System.Net.WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Match(scene.Browser.LastBody!, "data-ticket=\"(?<t>[^\"]+)\"").Groups["t"].Value);
        using var grace = new TestBrowser();
        await PasswordChangeTests.SignInAsync(grace, scene.Server, Other, CodeFlowScenario.Password);

        Assert.Equal((HttpStatusCode.OK, false), await LinkStatusAsync(scene, scene.Browser, ticket));
        await scene.FinishLinkAsync(scene.Browser);
        Assert.Equal(HttpStatusCode.BadRequest, scene.Browser.LastStatus);
        Assert.Equal("No phone was added with this link. Open the link on your phone, or make a new one.", new AccountPages(scene.Browser, scene.Server.BaseAddress).Text("phone-error"));
        Assert.Equal(HttpStatusCode.OK, (await scene.Phone.EnrollAsync(code)).Status);

        Assert.Equal((HttpStatusCode.OK, true), await LinkStatusAsync(scene, scene.Browser, ticket));
        Assert.Equal(HttpStatusCode.NotFound, (await LinkStatusAsync(scene, grace, ticket)).Code);
        Assert.Equal(HttpStatusCode.NotFound, (await LinkStatusAsync(scene, scene.Browser, null)).Code);
        Assert.Equal(HttpStatusCode.NotFound, (await LinkStatusAsync(scene, scene.Browser, ticket[..^4] + "AAAA")).Code);
        Assert.Equal(HttpStatusCode.NotFound, (await LinkStatusAsync(scene, scene.Browser, new string('A', 5_000))).Code);
    }

    // The enrollment page's script: whether the phone used the link, asked with the page's ticket in a header.
    private static async Task<(HttpStatusCode Code, bool? Done)> LinkStatusAsync(PushScene scene, TestBrowser browser, string? ticket)
    {
        using var http = new HttpClient(TestTls.TrustingHandler(allowRedirects: false, cookies: browser.Cookies));
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(scene.Server.BaseAddress, PushScene.PhonePath + "/status"));
        if (ticket is not null)
        {
            request.Headers.Add("X-ConnexIdP-Link", ticket);
        }

        using var response = await http.SendAsync(request);
        using var json = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (response.StatusCode, json.RootElement.TryGetProperty("done", out var done) ? done.GetBoolean() : null);
    }

    private static Task<List<ApprovalDevice>> DevicesAsync(PushScene scene) =>
        scene.Server.WithServiceAsync(services => services.GetRequiredService<ConnexDbContext>().ApprovalDevices.AsNoTracking().ToListAsync());
}
