using System.Net;
using System.Security.Cryptography;
using ConnexIdP.Core.Accounts;
using ConnexIdP.Core.SecondFactors.PushApproval;
using ConnexIdP.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace ConnexIdP.IntegrationTests.SecondFactors;

/// <summary>
/// Push approval across server processes sharing one PostgreSQL database, as behind a load balancer: a request lives in
/// the database, so the phone may answer through any server and the browser completes on its own; the phone's session
/// is sealed with the shared key ring, so any server reads it.
/// </summary>
public sealed class PushApprovalStorageTests
{
    [Fact]
    public async Task A_request_made_on_one_server_is_answered_through_another_and_completed_on_the_first()
    {
        // Both processes serve one public origin (the load balancer's), so a credential made through one is valid on the other.
        var origin = $"https://localhost:{FreePort.Next()}";
        var settings = new Dictionary<string, string>
        {
            ["Database:Provider"] = "PostgreSql",
            ["Database:ConnectionString"] = await PostgresServer.CreateDatabaseAsync(),
            ["Passwords:Pepper:Value"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["SecondFactors:WebAuthn:RelyingPartyId"] = "localhost",
            ["SecondFactors:WebAuthn:Origins:0"] = origin,
        };
        await using var first = ServerProcess.Create(settings);
        await using var second = ServerProcess.Create(settings);
        await first.CreateAccountAsync(CodeFlowScenario.Email, CodeFlowScenario.Password);
        var code = await first.WithCoreServicesAsync(async services =>
        {
            var account = await services.GetRequiredService<AccountService>().FindByEmailAsync(CodeFlowScenario.Email, CancellationToken.None);
            return (await services.GetRequiredService<PushApprovals>().BeginEnrollmentAsync(account!, "Ada's phone", CancellationToken.None)).Code!;
        });
        await first.StartAsync();
        await second.StartAsync();
        using var authenticator = new SoftwareAuthenticator(origin);
        using var phoneAtFirst = new SoftwarePhone(first.BaseAddress, authenticator);
        using var phoneAtSecond = new SoftwarePhone(second.BaseAddress, authenticator);
        Assert.Equal(HttpStatusCode.OK, (await phoneAtFirst.EnrollAsync(code)).Status);
        phoneAtSecond.Cookies.Add(second.BaseAddress, phoneAtFirst.Session!);
        Assert.Equal(HttpStatusCode.OK, (await phoneAtSecond.ReadRequestsAsync()).Status);
        phoneAtSecond.DeviceId = phoneAtFirst.DeviceId;
        Assert.Equal(HttpStatusCode.OK, (await phoneAtSecond.UnlockAsync()).Status);

        using var browser = new TestBrowser();
        await browser.GetAsync(new Uri(first.BaseAddress, "/account/signin"));
        await new SignInPage(browser).WithPasswordAsync(CodeFlowScenario.Email, CodeFlowScenario.Password);
        var push = new PushPage(browser, first.BaseAddress);
        Assert.True(push.IsShown, browser.CurrentUrl?.ToString());
        var number = push.Number!.Value;
        var shown = await phoneAtSecond.WaitingRequestAsync();
        Assert.Equal(push.RequestId, shown.Id);
        var answer = await phoneAtSecond.AnswerAsync(shown, number);
        Assert.Equal("approved", answer.Text("status"));

        Assert.Equal((HttpStatusCode.OK, "approved"), await push.PollAsync());
        await push.ContinueAsync();
        Assert.Equal("/account", browser.CurrentUrl!.AbsolutePath);
        Assert.Equal(HttpStatusCode.OK, browser.LastStatus);

        // The answer is spent everywhere: sent again through the first server, it is refused.
        var replayed = await phoneAtFirst.SendAnswerAsync(shown.Id, $"{number}", "approve", phoneAtFirst.Sign(shown, number, "approve"));
        Assert.Equal(HttpStatusCode.Conflict, replayed.Status);
    }
}
