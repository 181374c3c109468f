using System.Net;
using ConnexIdP.Core.Clients;
using ConnexIdP.Testing;
using Microsoft.Extensions.Time.Testing;

namespace ConnexIdP.IntegrationTests.Protocol;

/// <summary>Redeeming an authorization code: PKCE is checked, a code works once and briefly, and a replay revokes what it bought.</summary>
public sealed class CodeRedemptionTests
{
    [Fact]
    public async Task Wrong_code_verifier_is_invalid_grant()
    {
        await using var scenario = await CodeFlowScenario.StartAsync();
        var request = scenario.NewRequest();

        var tokens = await scenario.Client.RedeemCodeAsync(await scenario.CodeAsync(request), request.RedirectUri, Pkce.Create().Verifier);

        OAuthAssert.Refused(tokens, HttpStatusCode.BadRequest, "invalid_grant");
    }

    [Fact]
    public async Task Missing_code_verifier_for_a_code_issued_with_a_challenge_is_invalid_request()
    {
        await using var scenario = await CodeFlowScenario.StartAsync();
        var request = scenario.NewRequest();

        var tokens = await scenario.Client.RedeemCodeAsync(await scenario.CodeAsync(request), request.RedirectUri, codeVerifier: null);

        OAuthAssert.Refused(tokens, HttpStatusCode.BadRequest, "invalid_request");
    }

    [Fact]
    public async Task Code_challenge_sent_back_as_the_verifier_is_invalid_grant()
    {
        await using var scenario = await CodeFlowScenario.StartAsync();
        var request = scenario.NewRequest();

        // What a "plain" downgrade would send: the challenge itself as the verifier.
        var tokens = await scenario.Client.RedeemCodeAsync(await scenario.CodeAsync(request), request.RedirectUri, request.Pkce!.Challenge);

        OAuthAssert.Refused(tokens, HttpStatusCode.BadRequest, "invalid_grant");
    }

    [Fact]
    public async Task Redirect_uri_differing_from_the_authorization_request_is_invalid_grant()
    {
        var other = new Uri("https://client.test/other");
        await using var scenario = await CodeFlowScenario.StartAsync(customize: r => r with { RedirectUris = [CodeFlowScenario.RedirectUri.ToString(), other.ToString()] });
        var request = scenario.NewRequest();

        var tokens = await scenario.Client.RedeemCodeAsync(await scenario.CodeAsync(request), other, request.Pkce!.Verifier);

        OAuthAssert.Refused(tokens, HttpStatusCode.BadRequest, "invalid_grant");
    }

    [Fact]
    public async Task Code_issued_to_one_client_cannot_be_redeemed_by_another()
    {
        await using var scenario = await CodeFlowScenario.StartAsync();
        var other = await scenario.Server.RegisterClientAsync(new ClientRegistration
        {
            ClientId = "other",
            Grants = ["authorization_code"],
            RedirectUris = [CodeFlowScenario.RedirectUri.ToString()],
            Scopes = ["openid"],
            Credential = ClientCredentialSource.GenerateSecret,
        });
        using var otherClient = new OAuthClient(scenario.Server, "other", other.GeneratedSecret);
        var request = scenario.NewRequest();

        var tokens = await otherClient.RedeemCodeAsync(await scenario.CodeAsync(request), request.RedirectUri, request.Pkce!.Verifier);

        OAuthAssert.Refused(tokens, HttpStatusCode.BadRequest, "invalid_grant");
    }

    [Fact]
    public async Task Replayed_code_is_invalid_grant_and_revokes_the_tokens_of_its_first_redemption()
    {
        await using var scenario = await CodeFlowScenario.StartAsync();
        var request = scenario.NewRequest();
        var code = await scenario.CodeAsync(request);
        var first = await scenario.Client.RedeemCodeAsync(code, request.RedirectUri, request.Pkce!.Verifier);
        Assert.True((await scenario.Client.IntrospectAsync(first.AccessToken!)).Active, first.ToString());

        var second = await scenario.Client.RedeemCodeAsync(code, request.RedirectUri, request.Pkce.Verifier);

        OAuthAssert.Refused(second, HttpStatusCode.BadRequest, "invalid_grant");
        var introspected = await scenario.Client.IntrospectAsync(first.AccessToken!);
        Assert.True(introspected.Active == false, "the first access token must be revoked: " + introspected);
        OAuthAssert.Refused(await scenario.Client.RefreshAsync(first.RefreshToken!), HttpStatusCode.BadRequest, "invalid_grant");
    }

    [Theory]
    [InlineData(50, true)]
    [InlineData(61, false)]
    public async Task Code_is_redeemable_for_sixty_seconds_only(int secondsLater, bool redeemable)
    {
        var clock = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        await using var scenario = await CodeFlowScenario.StartAsync(clock: clock);
        var request = scenario.NewRequest();
        var code = await scenario.CodeAsync(request);

        clock.Advance(TimeSpan.FromSeconds(secondsLater));
        var tokens = await scenario.Client.RedeemCodeAsync(code, request.RedirectUri, request.Pkce!.Verifier);

        if (redeemable)
        {
            Assert.True(tokens.AccessToken is not null, tokens.ToString());
        }
        else
        {
            OAuthAssert.Refused(tokens, HttpStatusCode.BadRequest, "invalid_grant");
        }
    }

    [Fact]
    public async Task Made_up_code_is_invalid_grant()
    {
        await using var scenario = await CodeFlowScenario.StartAsync();

        var tokens = await scenario.Client.RedeemCodeAsync("not-a-code", CodeFlowScenario.RedirectUri, Pkce.Create().Verifier);

        OAuthAssert.Refused(tokens, HttpStatusCode.BadRequest, "invalid_grant");
    }
}
