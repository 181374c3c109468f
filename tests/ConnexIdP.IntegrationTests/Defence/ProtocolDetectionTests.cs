using System.Net;
using ConnexIdP.Core.Security;
using ConnexIdP.Core.Security.Blocks;
using ConnexIdP.Server.Hosting;
using ConnexIdP.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace ConnexIdP.IntegrationTests.Defence;

/// <summary>What the protocol layer tells the detection rules: failed client authentication and reused refresh tokens.</summary>
public sealed class ProtocolDetectionTests
{
    [Fact]
    public async Task Guessing_a_client_secret_at_the_token_endpoint_blocks_the_address()
    {
        // A clock that stands still, so the client's one-second backoff is still running at the second and third guess.
        await using var scenario = await MachineClientScenario.StartAsync(clock: new FakeTimeProvider(TimeProvider.System.GetUtcNow()), settings: new Dictionary<string, string>
        {
            ["SignInDefence:Rules:ClientSecretGuessing:Threshold"] = "3",
        });
        using var guesser = new OAuthClient(scenario.Server, MachineClientScenario.ClientId, "not-the-secret");
        // A wrong secret (401), then the client's backoff refusing without a check (429): every answer is invalid_client
        // and counts toward the source's block.
        OAuthAssert.Refused(await guesser.ClientCredentialsAsync("api1"), HttpStatusCode.Unauthorized, "invalid_client");
        for (var i = 0; i < 2; i++)
        {
            OAuthAssert.Refused(await guesser.ClientCredentialsAsync("api1"), HttpStatusCode.TooManyRequests, "invalid_client");
        }

        // Blocked now: even the right secret from this address is refused before the token endpoint runs.
        var refused = await scenario.Client().ClientCredentialsAsync("api1");
        Assert.Equal(HttpStatusCode.Forbidden, refused.Status);
        Assert.Equal(SourceGate.BlockedMessage, refused.Body);
        var block = Assert.Single(await BlocksAsync(scenario.Server));
        Assert.Equal("rule:client-secret-guessing", block.CreatedBy);
        Assert.Contains("failed client authentication 3 times", block.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_reused_refresh_token_is_reported_by_the_protocol_layer_and_blocks_at_the_threshold()
    {
        await using var scenario = await CodeFlowScenario.StartAsync(settings: new Dictionary<string, string>
        {
            ["SignInDefence:Rules:RefreshTokenReuse:Threshold"] = "2",
        });
        var first = await scenario.SignInAsync();
        var second = await scenario.Client.RefreshAsync(first.RefreshToken!);
        Assert.NotNull(second.RefreshToken);

        OAuthAssert.Refused(await scenario.Client.RefreshAsync(first.RefreshToken!), HttpStatusCode.BadRequest, "invalid_grant");
        var detection = Assert.Single(await EventsAsync(scenario.Server, SecurityEventTypes.SourceDetection));
        Assert.Equal(SecuritySeverity.Medium, detection.Severity);
        Assert.Equal(CodeFlowScenario.ClientId, detection.ClientId);
        Assert.StartsWith("refresh-token-reuse: A rotated refresh token of client webapp was presented again", detection.Details, StringComparison.Ordinal);
        Assert.Empty(await BlocksAsync(scenario.Server));

        // A second family, rotated and its old token replayed: the second reuse from this address blocks it.
        var other = await scenario.SignInAsync();
        Assert.NotNull((await scenario.Client.RefreshAsync(other.RefreshToken!)).RefreshToken);
        OAuthAssert.Refused(await scenario.Client.RefreshAsync(other.RefreshToken!), HttpStatusCode.BadRequest, "invalid_grant");
        Assert.Equal("rule:refresh-token-reuse", Assert.Single(await BlocksAsync(scenario.Server)).CreatedBy);
    }

    private static Task<IReadOnlyList<SourceBlock>> BlocksAsync(ConnexServer server) =>
        server.WithServiceAsync(services => services.GetRequiredService<SourceBlockStore>().ListAsync(includeEnded: true, CancellationToken.None));

    private static Task<IReadOnlyList<SecurityEvent>> EventsAsync(ConnexServer server, string type) => server.EventsAsync(type);
}
