using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using ConnexIdP.Core.Clients;
using ConnexIdP.IntegrationTests.Cli;
using ConnexIdP.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace ConnexIdP.IntegrationTests.Protocol;

/// <summary>
/// The server keeps clients and scopes in memory across requests; a change made anywhere (the CLI is another process)
/// reaches it within <c>Clients:ChangeCheckInterval</c>, and a change made by the server's own process at once.
/// </summary>
public sealed class ClientChangeTests
{
    private static readonly string Pepper = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    [Fact]
    public async Task Client_removed_by_another_process_is_refused_once_the_change_check_interval_has_passed()
    {
        var clock = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        await using var scenario = await MachineClientScenario.StartAsync(clock: clock, settings: Settings("00:00:05"));
        using var client = scenario.Client();
        Assert.Equal(HttpStatusCode.OK, (await client.ClientCredentialsAsync("api1")).Status);

        var removed = await Cli(scenario).RunAsync(null, "clients", "remove", MachineClientScenario.ClientId);
        Assert.True(removed.ExitCode == 0, removed.Error);

        clock.Advance(TimeSpan.FromSeconds(5));
        OAuthAssert.Refused(await client.ClientCredentialsAsync("api1"), HttpStatusCode.Unauthorized, "invalid_client");
    }

    [Fact]
    public async Task Client_added_by_another_process_works_at_once_because_unknown_clients_are_never_cached()
    {
        var clock = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        await using var scenario = await MachineClientScenario.StartAsync(clock: clock, settings: Settings("00:01:00"));
        using var stranger = new OAuthClient(scenario.Server, "nightly", "not-yet-a-secret", ClientAuthentication.SecretBasic);
        OAuthAssert.Refused(await stranger.ClientCredentialsAsync("api1"), HttpStatusCode.Unauthorized, "invalid_client");

        var added = await Cli(scenario).RunAsync(null, "--json", "clients", "add", "--client-id", "nightly", "--type", "confidential",
            "--grant", "client_credentials", "--scope", "api1", "--generate-secret");
        Assert.True(added.ExitCode == 0, added.Error);
        using var created = JsonDocument.Parse(added.Output);
        using var nightly = new OAuthClient(scenario.Server, "nightly", created.RootElement.GetProperty("client_secret").GetString()!, ClientAuthentication.SecretBasic);

        // Past the one-second backoff the stranger's failure started for this client id and address, well within the cache interval.
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.OK, (await nightly.ClientCredentialsAsync("api1")).Status);
    }

    [Fact]
    public async Task Client_removed_by_the_server_process_itself_is_refused_at_once()
    {
        var clock = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        await using var scenario = await MachineClientScenario.StartAsync(clock: clock, settings: Settings("00:01:00"));
        using var client = scenario.Client();
        Assert.Equal(HttpStatusCode.OK, (await client.ClientCredentialsAsync("api1")).Status);

        Assert.True(await scenario.Server.WithServiceAsync(services =>
            services.GetRequiredService<ClientService>().RemoveAsync(MachineClientScenario.ClientId, "test", CancellationToken.None)));

        OAuthAssert.Refused(await client.ClientCredentialsAsync("api1"), HttpStatusCode.Unauthorized, "invalid_client");
    }

    private static Dictionary<string, string> Settings(string interval) => new()
    {
        ["Clients:ChangeCheckInterval"] = interval,
        ["Passwords:Pepper:Value"] = Pepper,
    };

    private static CommandLine Cli(MachineClientScenario scenario) => new(scenario.Server.DataDirectory, Pepper);
}
