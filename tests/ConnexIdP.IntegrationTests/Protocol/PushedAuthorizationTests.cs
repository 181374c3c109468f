using System.Net;
using ConnexIdP.Testing;

namespace ConnexIdP.IntegrationTests.Protocol;

/// <summary>Pushed authorization requests (RFC 9126): a client that must push is refused a plain request and succeeds through <c>connect/par</c>.</summary>
public sealed class PushedAuthorizationTests
{
    [Fact]
    public async Task Plain_authorization_request_is_refused_for_a_client_that_must_push()
    {
        await using var scenario = await CodeFlowScenario.StartAsync(customize: r => r with { RequirePushedAuthorization = true });

        var request = scenario.NewRequest();

        var response = await scenario.AuthorizeAsync(request);

        Assert.False(new SignInPage(scenario.Browser).IsShown, "the sign-in page must not be reached");
        Assert.NotNull(response);
        Assert.Equal("invalid_request", response.Error);
        Assert.Equal(request.State, response.State);
        Assert.Null(response.Code);
    }

    [Fact]
    public async Task Pushed_request_then_request_uri_signs_in()
    {
        await using var scenario = await CodeFlowScenario.StartAsync(customize: r => r with { RequirePushedAuthorization = true });
        var request = scenario.NewRequest();

        var pushed = await scenario.Client.PushAsync(request);

        Assert.True(pushed.Status == HttpStatusCode.Created, pushed.ToString());
        var requestUri = pushed.Get("request_uri");
        Assert.StartsWith("urn:ietf:params:oauth:request_uri:", requestUri, StringComparison.Ordinal);
        Assert.True(int.Parse(pushed.Get("expires_in")!, System.Globalization.CultureInfo.InvariantCulture) is > 0 and <= 600);

        var response = await scenario.AuthorizeAsync(new AuthorizationRequest { ClientId = request.ClientId, RedirectUri = request.RedirectUri, RequestUri = requestUri });

        Assert.True(response?.Code is not null, $"expected a code, got {scenario.Browser.CurrentUrl} {scenario.Browser.LastStatus}");
        Assert.Equal(request.State, response.State);
        var tokens = await scenario.Client.RedeemCodeAsync(response.Code, request.RedirectUri, request.Pkce!.Verifier);
        Assert.True(tokens.AccessToken is not null, tokens.ToString());
    }

    [Fact]
    public async Task Request_uri_cannot_be_used_twice()
    {
        await using var scenario = await CodeFlowScenario.StartAsync(customize: r => r with { RequirePushedAuthorization = true });
        var request = scenario.NewRequest();
        var requestUri = (await scenario.Client.PushAsync(request)).Get("request_uri");
        var byReference = new AuthorizationRequest { ClientId = request.ClientId, RedirectUri = request.RedirectUri, RequestUri = requestUri };
        Assert.NotNull((await scenario.AuthorizeAsync(byReference))?.Code);

        var again = await scenario.AuthorizeAsync(byReference);

        Assert.Null(again);
        Assert.Equal(HttpStatusCode.BadRequest, scenario.Browser.LastStatus);
    }

    [Fact]
    public async Task Pushed_request_without_pkce_is_refused_at_the_push()
    {
        await using var scenario = await CodeFlowScenario.StartAsync(customize: r => r with { RequirePushedAuthorization = true });

        var pushed = await scenario.Client.PushAsync(scenario.NewRequest() with { Pkce = null });

        Assert.Equal(HttpStatusCode.BadRequest, pushed.Status);
        Assert.Equal("invalid_request", pushed.Error);
    }
}
