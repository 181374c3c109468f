using ConnexIdP.Core.Data;
using ConnexIdP.Core.Tokens;
using ConnexIdP.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using OpenIddict.EntityFrameworkCore.Models;

namespace ConnexIdP.IntegrationTests.Tokens;

public sealed class TokenPruningTests
{
    [Theory]
    [InlineData(TestDatabase.Sqlite)]
    [InlineData(TestDatabase.PostgreSql)]
    public async Task Expired_access_tokens_are_pruned_an_hour_after_expiry_and_not_before(TestDatabase database)
    {
        var clock = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        await using var scenario = await MachineClientScenario.StartAsync(database, clock);
        using var client = scenario.Client();
        for (var i = 0; i < 3; i++)
        {
            Assert.NotNull((await client.ClientCredentialsAsync("api1")).AccessToken);
        }

        Assert.Equal(3, await CountTokensAsync(scenario.Server));

        clock.Advance(TimeSpan.FromMinutes(30));
        await PruneAsync(scenario.Server);
        Assert.Equal(3, await CountTokensAsync(scenario.Server));

        clock.Advance(TimeSpan.FromMinutes(45));
        await PruneAsync(scenario.Server);
        Assert.Equal(0, await CountTokensAsync(scenario.Server));
    }

    private static Task<long> PruneAsync(ConnexServer server) =>
        server.WithServiceAsync(services => services.GetRequiredService<TokenPruner>().PruneAsync(CancellationToken.None));

    private static Task<int> CountTokensAsync(ConnexServer server) =>
        server.WithServiceAsync(services => services.GetRequiredService<ConnexDbContext>().Set<OpenIddictEntityFrameworkCoreToken>().CountAsync());
}
