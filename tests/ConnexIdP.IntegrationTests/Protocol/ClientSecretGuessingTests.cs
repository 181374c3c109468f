using System.Net;
using ConnexIdP.Core.Security;
using ConnexIdP.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace ConnexIdP.IntegrationTests.Protocol;

/// <summary>Client-secret guessing at the token endpoint backs off per client id and per source address, on a fake clock.</summary>
public sealed class ClientSecretGuessingTests
{
    private const string Wrong = "wrong-secret-of-the-right-length-0123456789";

    [Fact]
    public async Task Secret_guessing_gets_429_with_retry_after_and_no_secret_is_checked_until_the_delay_is_over()
    {
        var clock = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        await using var scenario = await MachineClientScenario.StartAsync(clock: clock);
        using var guesser = new OAuthClient(scenario.Server, MachineClientScenario.ClientId, Wrong);
        using var worker = scenario.Client();

        OAuthAssert.Refused(await guesser.ClientCredentialsAsync("api1"), HttpStatusCode.Unauthorized, "invalid_client");
        AssertBackingOff(await guesser.ClientCredentialsAsync("api1"), 1);
        AssertBackingOff(await worker.ClientCredentialsAsync("api1"), 1);

        clock.Advance(TimeSpan.FromSeconds(1));
        OAuthAssert.Refused(await guesser.ClientCredentialsAsync("api1"), HttpStatusCode.Unauthorized, "invalid_client");
        AssertBackingOff(await guesser.ClientCredentialsAsync("api1"), 2);
        clock.Advance(TimeSpan.FromSeconds(2));

        // The right secret after the delay: accepted, and the failures are forgotten.
        Assert.Equal(HttpStatusCode.OK, (await worker.ClientCredentialsAsync("api1")).Status);
        OAuthAssert.Refused(await guesser.ClientCredentialsAsync("api1"), HttpStatusCode.Unauthorized, "invalid_client");
        AssertBackingOff(await guesser.ClientCredentialsAsync("api1"), 1);

        var events = await EventsAsync(scenario.Server);
        Assert.Equal(3, events.Count(e => e.Type == SecurityEventTypes.ClientAuthenticationFailed && e.ClientId == MachineClientScenario.ClientId));
        Assert.Equal(4, events.Count(e => e.Type == SecurityEventTypes.ClientAuthenticationRefused && e.ClientId == MachineClientScenario.ClientId));
        Assert.All(events, e => Assert.DoesNotContain(Wrong, e.Details ?? string.Empty, StringComparison.Ordinal));
        Assert.All(events.Where(e => e.Type.StartsWith("client.", StringComparison.Ordinal)), e => Assert.Equal("127.0.0.1", e.Source));
    }

    [Fact]
    public async Task Guessing_client_ids_backs_the_source_off_too()
    {
        var clock = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        await using var scenario = await MachineClientScenario.StartAsync(clock: clock);

        for (var k = 1; k <= 3; k++)
        {
            using var nobody = new OAuthClient(scenario.Server, $"nobody-{k}", Wrong);
            OAuthAssert.Refused(await nobody.ClientCredentialsAsync("api1"), HttpStatusCode.Unauthorized, "invalid_client");
            if (k < 3)
            {
                clock.Advance(TimeSpan.FromSeconds(1 << (k - 1)));
            }
        }

        // Three failures from this address: the next request from it waits 4 s, whichever client it names.
        using var another = new OAuthClient(scenario.Server, "nobody-4", Wrong);
        AssertBackingOff(await another.ClientCredentialsAsync("api1"), 4);
    }

    private static void AssertBackingOff(TokenResponse response, int seconds)
    {
        OAuthAssert.Refused(response, HttpStatusCode.TooManyRequests, "invalid_client");
        Assert.Equal(TimeSpan.FromSeconds(seconds), response.Headers.RetryAfter?.Delta);
        Assert.Equal(
            seconds == 1 ? "Too many failed client authentications. Try again in 1 second." : $"Too many failed client authentications. Try again in {seconds} seconds.",
            response.Get("error_description"));
    }

    private static async Task<IReadOnlyList<SecurityEvent>> EventsAsync(ConnexServer server) =>
        (await server.WithServiceAsync(services => services.GetRequiredService<SecurityEventReader>()
            .QueryAsync(new SecurityEventQuery { Limit = SecurityEventQuery.MaximumLimit }, CancellationToken.None))).Events;
}
