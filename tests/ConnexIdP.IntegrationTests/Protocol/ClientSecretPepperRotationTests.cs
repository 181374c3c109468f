using System.Net;
using System.Security.Cryptography;
using ConnexIdP.Core.Credentials;
using ConnexIdP.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace ConnexIdP.IntegrationTests.Protocol;

/// <summary>Client secrets are stored under the pepper too: a pepper rotation reaches them at the client's next authentication.</summary>
public sealed class ClientSecretPepperRotationTests
{
    [Theory]
    [InlineData(TestDatabase.Sqlite)]
    [InlineData(TestDatabase.PostgreSql)]
    public async Task A_secret_stored_under_the_previous_pepper_authenticates_and_is_stored_again_under_the_current_one(TestDatabase database)
    {
        var pepperA = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        await using var scenario = await MachineClientScenario.StartAsync(database, settings: new Dictionary<string, string>
        {
            ["Passwords:Pepper:Id"] = "a",
            ["Passwords:Pepper:Value"] = pepperA,
        });
        var server = scenario.Server;
        await server.RestartAsync(new Dictionary<string, string?>
        {
            ["Passwords:Pepper:Id"] = "b",
            ["Passwords:Pepper:Value"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["Passwords:PreviousPeppers:0:Id"] = "a",
            ["Passwords:PreviousPeppers:0:Value"] = pepperA,
        });
        Assert.Equal([new("b", PepperRole.Current, 0, 0), new PepperUsage("a", PepperRole.Previous, 0, 1)], (await CensusAsync(server)).Peppers);

        // Several requests at once, as a busy client sends them: one rewrites the secret, none fails for the race.
        using (var client = scenario.Client())
        {
            var tokens = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => client.ClientCredentialsAsync("api1")));
            Assert.All(tokens, token => Assert.True(token.Status == HttpStatusCode.OK, token.ToString()));
        }

        var after = await CensusAsync(server);
        Assert.Equal([new("b", PepperRole.Current, 0, 1), new PepperUsage("a", PepperRole.Previous, 0, 0)], after.Peppers);
        Assert.True(after.Peppers[1].CanBeRetired);

        await server.RestartAsync(new Dictionary<string, string?>
        {
            ["Passwords:PreviousPeppers:0:Id"] = null,
            ["Passwords:PreviousPeppers:0:Value"] = null,
        });
        using var retired = scenario.Client();
        var afterRetirement = await retired.ClientCredentialsAsync("api1");
        Assert.True(afterRetirement.Status == HttpStatusCode.OK, afterRetirement.ToString());
    }

    private static Task<PasswordHashCensusReport> CensusAsync(ConnexServer server) =>
        server.WithServiceAsync(services => services.GetRequiredService<PasswordHashCensus>().TakeAsync(CancellationToken.None));
}
