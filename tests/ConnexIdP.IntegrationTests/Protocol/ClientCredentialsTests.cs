using System.Net;
using ConnexIdP.Testing;

namespace ConnexIdP.IntegrationTests.Protocol;

/// <summary>A machine client gets an access token for one API with its secret, and only that API accepts it.</summary>
public sealed class ClientCredentialsTests
{
    [Theory]
    [InlineData(TestDatabase.Sqlite, ClientAuthentication.SecretBasic)]
    [InlineData(TestDatabase.Sqlite, ClientAuthentication.SecretPost)]
    [InlineData(TestDatabase.PostgreSql, ClientAuthentication.SecretBasic)]
    public async Task Token_for_one_api_is_accepted_by_that_api_and_refused_by_another(TestDatabase database, ClientAuthentication authentication)
    {
        await using var scenario = await MachineClientScenario.StartAsync(database);
        await using var api1 = await ApiHost.StartAsync(scenario.Server.BaseAddress, "api1", "api1");
        await using var api2 = await ApiHost.StartAsync(scenario.Server.BaseAddress, "api2", "api2");
        using var client = scenario.Client(authentication);

        var token = await client.ClientCredentialsAsync("api1");

        Assert.True(token.Status == HttpStatusCode.OK, token.ToString());
        Assert.Contains("no-store", token.Headers.CacheControl?.ToString(), StringComparison.Ordinal);
        Assert.Equal("Bearer", token.Get("token_type"));
        Assert.Null(token.RefreshToken);

        using var accepted = await api1.GetDataAsync(token.AccessToken!);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Contains("\"client\":\"worker\"", await accepted.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var refused = await api2.GetDataAsync(token.AccessToken!);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Fact]
    public async Task Scope_the_client_is_not_allowed_is_refused()
    {
        await using var scenario = await MachineClientScenario.StartAsync();
        using var client = scenario.Client();

        var token = await client.ClientCredentialsAsync("api2");

        // OpenIddict answers a scope outside the client's permissions with invalid_request (its ID2051).
        OAuthAssert.Refused(token, HttpStatusCode.BadRequest, "invalid_request");
    }
}
