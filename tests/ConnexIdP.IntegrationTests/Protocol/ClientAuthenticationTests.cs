using System.Net;
using ConnexIdP.Testing;

namespace ConnexIdP.IntegrationTests.Protocol;

/// <summary>Clients prove who they are at the token endpoint, and only use the grants they were registered for.</summary>
public sealed class ClientAuthenticationTests
{
    [Theory]
    [InlineData(ClientAuthentication.SecretBasic)]
    [InlineData(ClientAuthentication.SecretPost)]
    public async Task Wrong_secret_is_invalid_client(ClientAuthentication authentication)
    {
        await using var scenario = await MachineClientScenario.StartAsync();
        using var client = new OAuthClient(scenario.Server, MachineClientScenario.ClientId, "wrong-secret-of-the-right-length-0123456789", authentication);

        var token = await client.ClientCredentialsAsync("api1");

        OAuthAssert.Refused(token, HttpStatusCode.Unauthorized, "invalid_client");
    }

    [Fact]
    public async Task Missing_secret_for_a_confidential_client_is_invalid_client()
    {
        await using var scenario = await CodeFlowScenario.StartAsync();
        var request = scenario.NewRequest();
        var code = await scenario.CodeAsync(request);
        using var anonymous = new OAuthClient(scenario.Server, CodeFlowScenario.ClientId);

        var tokens = await anonymous.RedeemCodeAsync(code, request.RedirectUri, request.Pkce!.Verifier);

        OAuthAssert.Refused(tokens, HttpStatusCode.Unauthorized, "invalid_client");
    }

    [Fact]
    public async Task Missing_secret_at_client_credentials_is_refused()
    {
        await using var scenario = await MachineClientScenario.StartAsync();
        using var client = new OAuthClient(scenario.Server, MachineClientScenario.ClientId);

        var token = await client.ClientCredentialsAsync("api1");

        // OpenIddict checks the grant's own rule first: client_credentials always needs a credential.
        OAuthAssert.Refused(token, HttpStatusCode.BadRequest, "invalid_request");
    }

    [Fact]
    public async Task Unknown_client_is_invalid_client()
    {
        await using var scenario = await MachineClientScenario.StartAsync();
        using var client = new OAuthClient(scenario.Server, "nobody", "a-secret-nobody-was-ever-given-0123456789");

        var token = await client.ClientCredentialsAsync("api1");

        OAuthAssert.Refused(token, HttpStatusCode.Unauthorized, "invalid_client");
    }

    [Fact]
    public async Task Basic_and_post_credentials_together_are_refused()
    {
        await using var scenario = await MachineClientScenario.StartAsync();
        using var basic = scenario.Client(ClientAuthentication.SecretBasic);

        var token = await basic.PostAsync("connect/token", OAuthClient.Form(
            ("grant_type", "client_credentials"), ("client_id", MachineClientScenario.ClientId), ("client_secret", scenario.Secret)));

        OAuthAssert.Refused(token, HttpStatusCode.BadRequest, "invalid_request");
    }

    [Theory]
    [InlineData("implicit")]
    [InlineData("password")]
    [InlineData("urn:ietf:params:oauth:grant-type:device_code")]
    [InlineData("urn:ietf:params:oauth:grant-type:token-exchange")]
    [InlineData("made_up")]
    public async Task Grant_types_the_server_does_not_offer_are_unsupported_grant_type(string grantType)
    {
        await using var scenario = await CodeFlowScenario.StartAsync();

        var token = await scenario.Client.PostAsync("connect/token", OAuthClient.Form(
            ("grant_type", grantType), ("username", CodeFlowScenario.Email), ("password", CodeFlowScenario.Password), ("scope", "openid")));

        OAuthAssert.Refused(token, HttpStatusCode.BadRequest, "unsupported_grant_type");
    }

    [Fact]
    public async Task Client_credentials_for_a_client_registered_without_it_is_unauthorized_client()
    {
        await using var scenario = await CodeFlowScenario.StartAsync();

        var token = await scenario.Client.ClientCredentialsAsync(null);

        OAuthAssert.Refused(token, HttpStatusCode.BadRequest, "unauthorized_client");
    }
}
