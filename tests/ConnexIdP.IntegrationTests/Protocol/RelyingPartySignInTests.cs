using System.IdentityModel.Tokens.Jwt;
using System.Text.Json;
using ConnexIdP.Testing;

namespace ConnexIdP.IntegrationTests.Protocol;

/// <summary>A real relying party (Microsoft's OpenID Connect handler) signs a person in through the real sign-in page.</summary>
public sealed class RelyingPartySignInTests
{
    [Theory]
    [InlineData(TestDatabase.Sqlite)]
    [InlineData(TestDatabase.PostgreSql)]
    public async Task Relying_party_signs_in_and_receives_id_access_and_refresh_tokens(TestDatabase database)
    {
        await using var scenario = await RelyingPartyScenario.StartAsync(database);
        var (server, rp, browser) = (scenario.Server, scenario.RelyingParty, scenario.Browser);

        await browser.GetAsync(new Uri(rp.BaseAddress, "login"));
        var signIn = new SignInPage(browser);
        Assert.True(signIn.IsShown, $"expected the sign-in page, got {browser.CurrentUrl} ({browser.LastStatus})");
        await signIn.WithPasswordAsync(RelyingPartyScenario.Email, RelyingPartyScenario.Password);

        Assert.Equal(rp.BaseAddress, browser.CurrentUrl);
        Assert.Contains("Signed in as Ada Lovelace", browser.LastBody, StringComparison.Ordinal);

        await browser.GetAsync(new Uri(rp.BaseAddress, "tokens"));
        using var tokens = JsonDocument.Parse(browser.LastBody!);
        var idToken = new JwtSecurityTokenHandler().ReadJwtToken(tokens.RootElement.GetProperty("id_token").GetString());
        Assert.Equal(server.BaseAddress.ToString(), idToken.Issuer);
        Assert.Contains(RelyingPartyScenario.ClientId, idToken.Audiences);
        Assert.Equal(RelyingPartyScenario.Email, idToken.Claims.Single(c => c.Type == "email").Value);
        Assert.Contains(idToken.Claims, c => c.Type == "auth_time");
        Assert.Contains(idToken.Claims, c => c.Type == "nonce");
        Assert.Equal("RS256", idToken.Header.Alg);
        Assert.False(string.IsNullOrEmpty(tokens.RootElement.GetProperty("access_token").GetString()));
        Assert.False(string.IsNullOrEmpty(tokens.RootElement.GetProperty("refresh_token").GetString()));
    }
}
