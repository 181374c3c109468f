using System.Net.Http.Headers;
using System.Text;
using ConnexIdP.Core.Clients;
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
        await using var server = await ConnexServer.StartAsync(database, clock);
        await server.RegisterScopeAsync("api1", "api1");
        var client = await server.RegisterClientAsync(new ClientRegistration
        {
            ClientId = "machine",
            Grants = ["client_credentials"],
            Scopes = ["api1"],
            Credential = ClientCredentialSource.GenerateSecret,
        });
        using var http = server.CreateClient();
        for (var i = 0; i < 3; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "connect/token")
            {
                Content = new FormUrlEncodedContent([new("grant_type", "client_credentials"), new("scope", "api1")]),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("machine:" + client.GeneratedSecret)));
            (await http.SendAsync(request)).EnsureSuccessStatusCode();
        }

        Assert.Equal(3, await CountTokensAsync(server));

        clock.Advance(TimeSpan.FromMinutes(30));
        await PruneAsync(server);
        Assert.Equal(3, await CountTokensAsync(server));

        clock.Advance(TimeSpan.FromMinutes(45));
        await PruneAsync(server);
        Assert.Equal(0, await CountTokensAsync(server));
    }

    private static Task<long> PruneAsync(ConnexServer server) =>
        server.WithServiceAsync(services => services.GetRequiredService<TokenPruner>().PruneAsync(CancellationToken.None));

    private static Task<int> CountTokensAsync(ConnexServer server) =>
        server.WithServiceAsync(services => services.GetRequiredService<ConnexDbContext>().Set<OpenIddictEntityFrameworkCoreToken>().CountAsync());
}
