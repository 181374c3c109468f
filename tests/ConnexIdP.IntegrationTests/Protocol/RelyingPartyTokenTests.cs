using System.Net;
using ConnexIdP.Core.Clients;
using ConnexIdP.Testing;

namespace ConnexIdP.IntegrationTests.Protocol;

/// <summary>What a relying party does with the tokens it received at sign-in: refresh, userinfo, introspection, revocation.</summary>
public sealed class RelyingPartyTokenTests
{
    [Fact]
    public async Task Refresh_rotates_the_refresh_token_and_the_old_one_stops_working()
    {
        await using var scenario = await RelyingPartyScenario.StartAsync();
        var tokens = await scenario.SignInAsync();
        var first = tokens.GetProperty("refresh_token").GetString()!;

        var refreshed = await scenario.Client.RefreshAsync(first);

        Assert.True(refreshed.Status == HttpStatusCode.OK, refreshed.ToString());
        Assert.Contains("no-store", refreshed.Headers.CacheControl?.ToString(), StringComparison.Ordinal);
        Assert.NotNull(refreshed.AccessToken);
        Assert.NotNull(refreshed.IdToken);
        Assert.NotNull(refreshed.RefreshToken);
        Assert.NotEqual(first, refreshed.RefreshToken);
        Assert.NotEqual(tokens.GetProperty("access_token").GetString(), refreshed.AccessToken);

        var replayed = await scenario.Client.RefreshAsync(first);
        Assert.Equal(HttpStatusCode.BadRequest, replayed.Status);
        Assert.Equal("invalid_grant", replayed.Error);
        Assert.Null(replayed.AccessToken);
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("POST")]
    public async Task UserInfo_answers_with_the_claims_of_the_granted_scopes_only(string method)
    {
        await using var scenario = await RelyingPartyScenario.StartAsync(scopes: ["openid", "email"]);
        var tokens = await scenario.SignInAsync();

        var userInfo = await scenario.Client.UserInfoAsync(tokens.GetProperty("access_token").GetString()!, new HttpMethod(method));

        Assert.True(userInfo.Status == HttpStatusCode.OK, userInfo.ToString());
        Assert.Contains("no-store", userInfo.Headers.CacheControl?.ToString(), StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(userInfo.Get("sub")));
        Assert.Equal(RelyingPartyScenario.Email, userInfo.Get("email"));
        Assert.False(userInfo.Has("name"), "the name needs the profile scope, which was not granted: " + userInfo);
    }

    [Fact]
    public async Task UserInfo_with_the_profile_scope_includes_the_name()
    {
        await using var scenario = await RelyingPartyScenario.StartAsync(scopes: ["openid", "profile"]);
        var tokens = await scenario.SignInAsync();

        var userInfo = await scenario.Client.UserInfoAsync(tokens.GetProperty("access_token").GetString()!, HttpMethod.Get);

        Assert.Equal("Ada Lovelace", userInfo.Get("name"));
        Assert.False(userInfo.Has("email"), "the email needs the email scope, which was not granted: " + userInfo);
    }

    [Fact]
    public async Task UserInfo_without_a_valid_bearer_token_is_refused()
    {
        await using var scenario = await RelyingPartyScenario.StartAsync();

        var userInfo = await scenario.Client.UserInfoAsync("not-a-token", HttpMethod.Get);

        Assert.Equal(HttpStatusCode.Unauthorized, userInfo.Status);
        Assert.Contains("invalid_token", userInfo.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Introspection_by_the_resource_server_sees_a_live_token_active_and_a_revoked_one_inactive()
    {
        await using var scenario = await RelyingPartyScenario.StartAsync(
            scopes: ["openid", "profile", "email", "offline_access", "orders"],
            apiScopes: [("orders", "orders-api")]);
        var resourceServer = await scenario.Server.RegisterClientAsync(new ClientRegistration
        {
            ClientId = "orders-api",
            Grants = ["client_credentials"],
            Credential = ClientCredentialSource.GenerateSecret,
        });
        using var api = new OAuthClient(scenario.Server, "orders-api", resourceServer.GeneratedSecret);
        var accessToken = (await scenario.SignInAsync()).GetProperty("access_token").GetString()!;

        var live = await api.IntrospectAsync(accessToken);

        Assert.True(live.Active == true, live.ToString());
        Assert.Equal(RelyingPartyScenario.ClientId, live.Get("client_id"));
        Assert.Contains("orders", live.Get("scope"), StringComparison.Ordinal);
        Assert.Contains("no-store", live.Headers.CacheControl?.ToString(), StringComparison.Ordinal);

        var revoked = await scenario.Client.RevokeAsync(accessToken, "access_token");
        Assert.Equal(HttpStatusCode.OK, revoked.Status);

        var dead = await api.IntrospectAsync(accessToken);
        Assert.True(dead.Active == false, dead.ToString());
        Assert.False(dead.Has("sub"));
    }

    [Fact]
    public async Task Revoked_refresh_token_can_no_longer_be_used()
    {
        await using var scenario = await RelyingPartyScenario.StartAsync();
        var refreshToken = (await scenario.SignInAsync()).GetProperty("refresh_token").GetString()!;

        var revoked = await scenario.Client.RevokeAsync(refreshToken, "refresh_token");
        Assert.Equal(HttpStatusCode.OK, revoked.Status);

        var refreshed = await scenario.Client.RefreshAsync(refreshToken);
        Assert.Equal(HttpStatusCode.BadRequest, refreshed.Status);
        Assert.Equal("invalid_grant", refreshed.Error);
    }

    [Fact]
    public async Task Another_client_cannot_use_or_revoke_the_relying_partys_refresh_token()
    {
        await using var scenario = await RelyingPartyScenario.StartAsync();
        var other = await scenario.Server.RegisterClientAsync(new ClientRegistration
        {
            ClientId = "intruder",
            Grants = ["authorization_code", "refresh_token"],
            RedirectUris = ["https://intruder.test/callback"],
            Scopes = ["openid", "offline_access"],
            Credential = ClientCredentialSource.GenerateSecret,
        });
        using var intruder = new OAuthClient(scenario.Server, "intruder", other.GeneratedSecret);
        var refreshToken = (await scenario.SignInAsync()).GetProperty("refresh_token").GetString()!;

        var stolen = await intruder.RefreshAsync(refreshToken);
        Assert.Equal(HttpStatusCode.BadRequest, stolen.Status);
        Assert.Equal("invalid_grant", stolen.Error);

        await intruder.RevokeAsync(refreshToken, "refresh_token");
        var stillGood = await scenario.Client.RefreshAsync(refreshToken);
        Assert.True(stillGood.Status == HttpStatusCode.OK, stillGood.ToString());
    }
}
