using System.Net;
using ConnexIdP.Core.Security;
using ConnexIdP.Core.SecondFactors;
using ConnexIdP.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace ConnexIdP.IntegrationTests.SecondFactors;

/// <summary>
/// The phone's answers as an attacker would send them to ConnexIdP Approve's API: replayed, moved to another request,
/// another number or the other decision, from a removed phone, without the app's header, from another site, or simply
/// malformed. Each is refused with a 4xx and a JSON error, never a 500, and the request it aimed at stays as it was.
/// </summary>
public sealed class PushAnswerTests
{
    [Fact]
    public async Task The_same_answer_posted_twice_is_refused_the_second_time()
    {
        await using var scene = await PushScene.StartAsync();
        var (shown, number) = await scene.PasswordAsync();
        var credential = scene.Phone.Sign(shown, number, "approve");

        var first = await scene.Phone.SendAnswerAsync(shown.Id, $"{number}", "approve", credential);
        var replayed = await scene.Phone.SendAnswerAsync(shown.Id, $"{number}", "approve", credential);

        Assert.Equal(HttpStatusCode.OK, first.Status);
        Assert.Equal(HttpStatusCode.Conflict, replayed.Status);
        Assert.Equal("This request was already answered.", replayed.Error);
        Assert.Contains("reason=already-approved", Assert.Single(await scene.EventsAsync(SecurityEventTypes.PushAnswerRefused)).Details, StringComparison.Ordinal);
        Assert.Single(await scene.EventsAsync(SecurityEventTypes.PushApproved));
    }

    [Fact]
    public async Task An_answer_signed_for_another_request_number_or_decision_is_refused_and_the_request_keeps_waiting()
    {
        await using var scene = await PushScene.StartAsync();
        await scene.Scene.PasswordAsync();
        var earlier = await scene.Phone.WaitingRequestAsync();
        var signedForEarlier = scene.Phone.Sign(earlier, scene.Push.Number, "approve");

        // The person chose another way, then came back: a new request, with its own id and nonce.
        await scene.Push.UseAnotherWayAsync();
        await scene.Push.OpenAsync();
        var shown = await scene.Phone.WaitingRequestAsync();
        Assert.NotEqual(earlier.Id, shown.Id);
        var number = scene.Push.Number!.Value;
        var other = shown.Choices.First(c => c != number);

        PhoneReply[] refused =
        [
            await scene.Phone.SendAnswerAsync(shown.Id, $"{number}", "approve", signedForEarlier),
            await scene.Phone.SendAnswerAsync(shown.Id, $"{number}", "approve", scene.Phone.Sign(shown, other, "approve")),
            await scene.Phone.SendAnswerAsync(shown.Id, $"{other}", "approve", scene.Phone.Sign(shown, number, "approve")),
            await scene.Phone.SendAnswerAsync(shown.Id, string.Empty, "deny", scene.Phone.Sign(shown, number, "approve")),
            await scene.Phone.SendAnswerAsync(shown.Id, $"{number}", "approve", scene.Phone.Sign(shown, null, "deny")),
            await scene.Phone.SendAnswerAsync(shown.Id, $"{number}", "approve", scene.Phone.Sign(shown, number, "approve", origin: "https://connexidp.evil.example")),
        ];

        Assert.All(refused, reply => Assert.Equal(HttpStatusCode.Unauthorized, reply.Status));
        Assert.Equal(shown.Id, (await scene.Phone.WaitingRequestAsync()).Id);
        Assert.Equal((HttpStatusCode.OK, "pending"), await scene.Push.PollAsync());
        Assert.Empty(await scene.EventsAsync(SecurityEventTypes.PushApproved));
        Assert.Empty(await scene.EventsAsync(SecurityEventTypes.PushFraudReported));
        Assert.Null((await scene.AccountAsync()).PushSuspendedUntil);

        // The genuine answer still goes through.
        Assert.Equal("approved", (await scene.Phone.AnswerAsync(shown, number)).Text("status"));
    }

    [Fact]
    public async Task A_phone_cannot_answer_another_accounts_request()
    {
        const string Other = "grace@example.com";
        await using var scene = await PushScene.StartAsync();
        await scene.Server.CreateAccountAsync(Other, CodeFlowScenario.Password, "Grace Hopper");
        using var graceKey = new SoftwareAuthenticator(scene.Origin);
        using var gracePhone = new SoftwarePhone(scene.Server.BaseAddress, graceKey);
        using (var grace = new TestBrowser())
        {
            await grace.GetAsync(new Uri(scene.Server.BaseAddress, "/account/signin"));
            await new SignInPage(grace).WithPasswordAsync(Other, CodeFlowScenario.Password);
            Assert.Equal(HttpStatusCode.OK, (await gracePhone.EnrollAsync(await scene.MakeLinkAsync(grace, "Grace's phone"))).Status);
        }

        var (shown, number) = await scene.PasswordAsync();

        Assert.Empty(await gracePhone.RequestsAsync());
        var answer = await gracePhone.SendAnswerAsync(shown.Id, $"{number}", "approve", gracePhone.Sign(shown, number, "approve"));
        var denial = await gracePhone.SendAnswerAsync(shown.Id, string.Empty, "deny", gracePhone.Sign(shown, null, "deny"));

        Assert.Equal(HttpStatusCode.NotFound, answer.Status);
        Assert.Equal(HttpStatusCode.NotFound, denial.Status);
        Assert.Equal((HttpStatusCode.OK, "pending"), await scene.Push.PollAsync());
        Assert.Null((await scene.AccountAsync()).PushSuspendedUntil);
    }

    [Theory]
    [InlineData(TestDatabase.Sqlite)]
    [InlineData(TestDatabase.PostgreSql)]
    public async Task Answers_sent_at_the_same_moment_are_taken_once(TestDatabase database)
    {
        await using var scene = await PushScene.StartAsync(database: database);
        var (shown, number) = await scene.PasswordAsync();
        var credentials = Enumerable.Range(0, 4).Select(k => (Decision: k % 2 == 0 ? "approve" : "deny", Credential: scene.Phone.Sign(shown, k % 2 == 0 ? number : null, k % 2 == 0 ? "approve" : "deny"))).ToList();

        var replies = await Task.WhenAll(credentials.Select(c => scene.Phone.SendAnswerAsync(shown.Id, c.Decision == "approve" ? $"{number}" : string.Empty, c.Decision, c.Credential)));

        var taken = Assert.Single(replies, r => r.Status == HttpStatusCode.OK);
        Assert.All(replies.Where(r => r != taken), r => Assert.True((int)r.Status is >= 400 and < 500, r.ToString()));
        Assert.Equal(taken.Text("status"), (await scene.Push.PollAsync()).Status);
        Assert.Equal(taken.Text("status") == "denied" ? 1 : 0, (await scene.EventsAsync(SecurityEventTypes.PushFraudReported)).Count);
        Assert.Equal(taken.Text("status") == "approved" ? 1 : 0, (await scene.EventsAsync(SecurityEventTypes.PushApproved)).Count);
    }

    [Fact]
    public async Task A_removed_phone_can_neither_read_nor_answer_requests_and_loses_its_session()
    {
        await using var scene = await PushScene.StartAsync();
        await scene.Scene.PasswordAsync();
        var shown = await scene.Phone.WaitingRequestAsync();
        var session = scene.Phone.Session!;

        var account = await scene.AccountAsync();
        var removed = await scene.Server.WithServiceAsync(services => services.GetRequiredService<SecondFactorService>()
            .RemoveApprovalDeviceAsync(account, scene.Phone.DeviceId, "test", SecurityEventContext.None, CancellationToken.None));
        Assert.True(removed.Succeeded, removed.Message);

        var answer = await scene.Phone.AnswerAsync(shown, scene.Push.Number);
        Assert.Equal(HttpStatusCode.Gone, answer.Status);
        Assert.True(answer.Json.GetProperty("gone").GetBoolean());
        Assert.Contains(answer.SetCookies, c => c.StartsWith(SoftwarePhone.SessionCookie + "=;", StringComparison.Ordinal) && c.Contains("expires=Thu, 01 Jan 1970", StringComparison.Ordinal));
        Assert.Null(scene.Phone.Session);

        // The old cookie, kept by someone, opens nothing either.
        scene.Phone.Cookies.Add(scene.Server.BaseAddress, session);
        var read = await scene.Phone.ReadRequestsAsync();
        Assert.Equal(HttpStatusCode.Gone, read.Status);
        var unlock = await scene.Phone.UnlockAsync();
        Assert.Equal(HttpStatusCode.Gone, unlock.Status);
        Assert.Equal((HttpStatusCode.OK, "pending"), await scene.Push.PollAsync());
    }

    [Fact]
    public async Task A_phone_without_a_session_or_the_apps_header_or_calling_from_another_site_is_refused()
    {
        await using var scene = await PushScene.StartAsync();
        var (shown, number) = await scene.PasswordAsync();
        KeyValuePair<string, string>[] answer =
            [new("requestId", shown.Id), new("number", $"{number}"), new("decision", "approve"), new("credential", scene.Phone.Sign(shown, number, "approve"))];
        using var stranger = new SoftwarePhone(scene.Server.BaseAddress, scene.Authenticator);

        var withoutHeader = await scene.Phone.PostAsync("answer", answer, appHeader: false);
        var crossSite = await scene.Phone.PostAsync("answer", answer, fetchSite: "cross-site");
        var sameSite = await scene.Phone.PostAsync("answer", answer, fetchSite: "same-site");
        var withoutSession = await stranger.PostAsync("answer", answer);
        var readWithoutSession = await stranger.ReadRequestsAsync();

        Assert.Equal(HttpStatusCode.Forbidden, withoutHeader.Status);
        Assert.Equal(HttpStatusCode.Forbidden, crossSite.Status);
        Assert.Equal(HttpStatusCode.Forbidden, sameSite.Status);
        Assert.Equal(HttpStatusCode.Unauthorized, withoutSession.Status);
        Assert.Equal(HttpStatusCode.Unauthorized, readWithoutSession.Status);
        Assert.All([withoutHeader, crossSite, sameSite, withoutSession, readWithoutSession], AssertJsonError);
        Assert.Equal((HttpStatusCode.OK, "pending"), await scene.Push.PollAsync());

        // The same answer, from the app itself, is taken.
        Assert.Equal(HttpStatusCode.OK, (await scene.Phone.PostAsync("answer", answer, fetchSite: "same-origin")).Status);
    }

    [Fact]
    public async Task Answers_with_missing_garbage_or_oversize_fields_get_a_json_4xx_never_a_500()
    {
        await using var scene = await PushScene.StartAsync();
        var (shown, picked) = await scene.PasswordAsync();
        var number = $"{picked}";
        var rawId = System.Buffers.Text.Base64Url.EncodeToString(scene.Authenticator.CredentialId);
        string[] credentials =
        [
            string.Empty,
            "not json",
            "{}",
            "[]",
            "null",
            "{\"rawId\":5}",
            "{\"id\":\"x\",\"rawId\":\"!!!\",\"type\":\"public-key\"}",
            $"{{\"id\":\"{rawId}\",\"rawId\":\"{rawId}\",\"type\":\"public-key\",\"clientExtensionResults\":{{}}}}",
            $"{{\"id\":\"{rawId}\",\"rawId\":\"{rawId}\",\"type\":\"public-key\",\"response\":{{\"authenticatorData\":\"AAAA\",\"signature\":\"AAAA\",\"clientDataJSON\":\"AAAA\"}},\"clientExtensionResults\":{{}}}}",
            $"{{\"id\":\"{rawId}\",\"rawId\":\"{rawId}\",\"type\":\"public-key\",\"response\":{{\"authenticatorData\":\"\",\"signature\":\"\",\"clientDataJSON\":\"bm90IGpzb24\"}},\"clientExtensionResults\":{{}}}}",
            "{\"padding\":\"" + new string('A', 200_000) + "\"}",
        ];
        var genuine = scene.Phone.Sign(shown, picked, "approve");

        var replies = new List<(string What, PhoneReply Reply)>();
        foreach (var credential in credentials)
        {
            replies.Add(($"credential {credential[..Math.Min(credential.Length, 60)]}", await scene.Phone.SendAnswerAsync(shown.Id, number, "approve", credential)));
        }

        replies.Add(("no fields", await scene.Phone.PostAsync("answer", [])));
        replies.Add(("non-numeric number", await scene.Phone.SendAnswerAsync(shown.Id, "twelve", "approve", genuine)));
        replies.Add(("negative number", await scene.Phone.SendAnswerAsync(shown.Id, "-12", "approve", genuine)));
        replies.Add(("huge number", await scene.Phone.SendAnswerAsync(shown.Id, new string('9', 5_000), "approve", genuine)));
        replies.Add(("unknown decision", await scene.Phone.SendAnswerAsync(shown.Id, number, "maybe", genuine)));
        replies.Add(("upper-case decision", await scene.Phone.SendAnswerAsync(shown.Id, number, "APPROVE", genuine)));
        replies.Add(("unknown request", await scene.Phone.SendAnswerAsync("0123456789ABCDEF0123456789ABCDEF", number, "approve", genuine)));
        replies.Add(("oversize request id", await scene.Phone.SendAnswerAsync(new string('F', 100_000), number, "approve", genuine)));
        replies.Add(("enroll without fields", await scene.Phone.PostAsync("enroll", [])));
        replies.Add(("enroll with garbage", await scene.Phone.PostAsync("enroll", ("challengeId", "nope"), ("credential", "not json"))));
        replies.Add(("unlock with an unknown challenge", await scene.Phone.PostAsync("unlock", ("challengeId", new string('x', 5_000)), ("credential", "{}"))));
        replies.Add(("unlock options for an unknown device", await scene.Phone.PostAsync("unlock/options", ("deviceId", "not-a-device"))));

        Assert.All(replies, r => Assert.True((int)r.Reply.Status is >= 400 and < 500, $"{r.What}: {r.Reply}"));
        Assert.All(replies, r => AssertJsonError(r.Reply));
        Assert.Equal(HttpStatusCode.BadRequest, replies.Single(r => r.What == "non-numeric number").Reply.Status);
        Assert.Equal(HttpStatusCode.BadRequest, replies.Single(r => r.What == "unknown decision").Reply.Status);
        Assert.Equal(HttpStatusCode.NotFound, replies.Single(r => r.What == "unknown request").Reply.Status);
        Assert.Equal((HttpStatusCode.OK, "pending"), await scene.Push.PollAsync());
        Assert.Equal("approved", (await scene.Phone.SendAnswerAsync(shown.Id, number, "approve", genuine)).Text("status"));
    }

    private static void AssertJsonError(PhoneReply reply)
    {
        Assert.Equal("application/json", reply.ContentType);
        Assert.False(string.IsNullOrEmpty(reply.Error), reply.ToString());
    }
}
