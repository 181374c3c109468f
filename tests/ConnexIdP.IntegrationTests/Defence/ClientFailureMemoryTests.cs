using System.Net;
using ConnexIdP.Testing;
using Microsoft.Extensions.Time.Testing;

namespace ConnexIdP.IntegrationTests.Defence;

/// <summary>
/// A server remembers which clients and addresses authenticated with no failures on record, so their token requests
/// read no failure counter. A failure counted by another server on the same database still backs them off once
/// <c>SignInDefence:ClientFailureCheckInterval</c> has passed, and one counted by the same server at once.
/// </summary>
public sealed class ClientFailureMemoryTests
{
    private const string Wrong = "wrong-secret-of-the-right-length-0123456789";

    [Theory]
    [InlineData(TestDatabase.Sqlite)]
    [InlineData(TestDatabase.PostgreSql)]
    public async Task Failure_counted_by_another_server_backs_the_client_off_once_the_check_interval_has_passed(TestDatabase database)
    {
        var clock = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        await using var scenario = await MachineClientScenario.StartAsync(database, clock, Settings("00:00:05"));
        using var worker = scenario.Client();
        Assert.Equal(HttpStatusCode.OK, (await worker.ClientCredentialsAsync("api1")).Status);

        // A second server on the same database (its own process as far as any cache goes) sees a wrong secret.
        var shared = new Dictionary<string, string>(Settings("00:00:05")) { ["Database:ConnectionString"] = scenario.Server.ConnectionString };
        if (database == TestDatabase.PostgreSql)
        {
            shared["Database:Provider"] = "PostgreSql";
        }

        await using (var other = await ConnexServer.StartAsync(database, clock, shared))
        {
            using var guesser = new OAuthClient(other, MachineClientScenario.ClientId, Wrong);
            OAuthAssert.Refused(await guesser.ClientCredentialsAsync("api1"), HttpStatusCode.Unauthorized, "invalid_client");
        }

        // Within the interval the first server still answers from what it knew; past it, the failure applies there too.
        Assert.Equal(HttpStatusCode.OK, (await worker.ClientCredentialsAsync("api1")).Status);
        clock.Advance(TimeSpan.FromSeconds(5));
        AssertBackingOff(await worker.ClientCredentialsAsync("api1"), 25);
    }

    [Fact]
    public async Task Failure_counted_by_the_same_server_backs_the_client_off_at_once()
    {
        var clock = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        await using var scenario = await MachineClientScenario.StartAsync(clock: clock, settings: Settings("00:00:10"));
        using var worker = scenario.Client();
        using var guesser = new OAuthClient(scenario.Server, MachineClientScenario.ClientId, Wrong);
        Assert.Equal(HttpStatusCode.OK, (await worker.ClientCredentialsAsync("api1")).Status);
        Assert.Equal(HttpStatusCode.OK, (await worker.ClientCredentialsAsync("api1")).Status);

        OAuthAssert.Refused(await guesser.ClientCredentialsAsync("api1"), HttpStatusCode.Unauthorized, "invalid_client");
        AssertBackingOff(await worker.ClientCredentialsAsync("api1"), 30);

        // Past the delay the right secret is accepted and forgets the failure; the next wrong one backs off from scratch.
        clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(HttpStatusCode.OK, (await worker.ClientCredentialsAsync("api1")).Status);
        Assert.Equal(HttpStatusCode.OK, (await worker.ClientCredentialsAsync("api1")).Status);
        OAuthAssert.Refused(await guesser.ClientCredentialsAsync("api1"), HttpStatusCode.Unauthorized, "invalid_client");
        AssertBackingOff(await guesser.ClientCredentialsAsync("api1"), 30);
    }

    [Fact]
    public async Task Guessing_with_another_client_id_backs_off_the_source_of_a_remembered_client_at_once()
    {
        var clock = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        await using var scenario = await MachineClientScenario.StartAsync(clock: clock, settings: Settings("00:00:10"));
        using var worker = scenario.Client();
        Assert.Equal(HttpStatusCode.OK, (await worker.ClientCredentialsAsync("api1")).Status);

        using var nobody = new OAuthClient(scenario.Server, "nobody", Wrong);
        OAuthAssert.Refused(await nobody.ClientCredentialsAsync("api1"), HttpStatusCode.Unauthorized, "invalid_client");
        AssertBackingOff(await worker.ClientCredentialsAsync("api1"), 30);
    }

    private static Dictionary<string, string> Settings(string interval) => new()
    {
        ["SignInDefence:ClientFailureCheckInterval"] = interval,
        ["SignInDefence:BaseDelay"] = "00:00:30",
    };

    private static void AssertBackingOff(TokenResponse response, int seconds)
    {
        OAuthAssert.Refused(response, HttpStatusCode.TooManyRequests, "invalid_client");
        Assert.Equal(TimeSpan.FromSeconds(seconds), response.Headers.RetryAfter?.Delta);
    }
}
