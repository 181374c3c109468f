using System.Text.Json;
using ConnexIdP.Core.Keys;
using ConnexIdP.Server.Oidc;
using ConnexIdP.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.JsonWebTokens;

namespace ConnexIdP.IntegrationTests.Keys;

/// <summary>Key rotation as relying parties see it: the next key is in JWKS before it signs, the old one stays until its tokens expire.</summary>
public sealed class KeyRotationTests
{
    [Theory]
    [InlineData("RS256")]
    [InlineData("ES256")]
    public async Task A_rotated_key_is_published_before_it_signs_and_the_old_one_retires_after_its_retention(string algorithm)
    {
        var clock = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        await using var scenario = await MachineClientScenario.StartAsync(clock: clock, settings: new Dictionary<string, string> { ["Keys:Algorithm"] = algorithm });
        var server = scenario.Server;
        var ring = server.Services.GetRequiredService<SigningKeyRing>();
        var watcher = server.Services.GetRequiredService<KeyRingWatcher>();
        var first = ring.List().Single().KeyId;

        var next = ring.Rotate(TimeSpan.FromDays(14));
        watcher.Check();

        Assert.Equal(new[] { first, next.KeyId }.Order(), (await PublishedKeyIdsAsync(server)).Order());
        Assert.Equal(first, await SigningKeyIdAsync(scenario));
        Assert.Equal(algorithm, await SigningAlgorithmAsync(scenario));

        clock.Advance(TimeSpan.FromDays(14) + TimeSpan.FromMinutes(1));
        watcher.Check();
        Assert.Equal(next.KeyId, await SigningKeyIdAsync(scenario));
        Assert.Contains(first, await PublishedKeyIdsAsync(server));

        clock.Advance(TimeSpan.FromDays(31));
        watcher.Check();
        Assert.Equal([next.KeyId], await PublishedKeyIdsAsync(server));
        Assert.Equal(next.KeyId, await SigningKeyIdAsync(scenario));
    }

    [Fact]
    public async Task Scheduled_rotation_announces_the_successor_ahead_of_the_interval()
    {
        var clock = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        await using var server = await ConnexServer.StartAsync(clock: clock, settings: new Dictionary<string, string>
        {
            ["Keys:Rotation:Enabled"] = "true",
            ["Keys:Rotation:Interval"] = "90.00:00:00",
            ["Keys:Rotation:AnnounceAhead"] = "14.00:00:00",
        });
        var ring = server.Services.GetRequiredService<SigningKeyRing>();
        var watcher = server.Services.GetRequiredService<KeyRingWatcher>();

        clock.Advance(TimeSpan.FromDays(75));
        watcher.Check();
        Assert.Single(await PublishedKeyIdsAsync(server));

        clock.Advance(TimeSpan.FromDays(2));
        watcher.Check();
        var keys = ring.List();
        Assert.Equal([SigningKeyState.Active, SigningKeyState.Announced], keys.Select(k => k.State));
        Assert.Equal(2, (await PublishedKeyIdsAsync(server)).Count);
    }

    private static async Task<List<string>> PublishedKeyIdsAsync(ConnexServer server)
    {
        using var http = server.CreateClient();
        using var jwks = JsonDocument.Parse(await http.GetStringAsync(".well-known/jwks"));
        return [.. jwks.RootElement.GetProperty("keys").EnumerateArray().Select(k => k.GetProperty("kid").GetString()!)];
    }

    private static async Task<string> SigningKeyIdAsync(MachineClientScenario scenario) => (await AccessTokenAsync(scenario)).Kid;

    private static async Task<string> SigningAlgorithmAsync(MachineClientScenario scenario) => (await AccessTokenAsync(scenario)).Alg;

    private static async Task<JsonWebToken> AccessTokenAsync(MachineClientScenario scenario)
    {
        using var client = scenario.Client();
        var response = await client.ClientCredentialsAsync("api1");
        Assert.True(response.AccessToken is not null, response.Body);
        return new JsonWebToken(response.AccessToken);
    }
}
