using System.Net;
using ConnexIdP.Testing;

namespace ConnexIdP.IntegrationTests.Protocol;

/// <summary>
/// Authorization requests the server must refuse. Problems with the client or its redirect URI end on the server's
/// error page and never redirect; other problems go back to the (verified) redirect URI with the protocol error.
/// </summary>
public sealed class AuthorizationRequestValidationTests
{
    [Theory]
    [InlineData("https://evil.test/callback")]
    [InlineData("https://client.test/callback/")]
    [InlineData("https://client.test/Callback")]
    [InlineData("https://CLIENT.TEST/callback")]
    [InlineData("https://client.test/callback?x=1")]
    [InlineData("https://client.test:443/callback")]
    [InlineData("http://client.test/callback")]
    public async Task Redirect_uri_that_is_not_exactly_a_registered_one_shows_an_error_page_and_never_redirects(string redirectUri)
    {
        await using var scenario = await CodeFlowScenario.StartAsync();
        await scenario.SignInAsync();
        scenario.Browser.StopAt = uri => uri.Host.EndsWith(".test", StringComparison.OrdinalIgnoreCase);

        var response = await scenario.AuthorizeAsync(scenario.NewRequest() with { RedirectUri = new Uri(redirectUri, UriKind.Absolute) });

        AssertErrorPageWithoutRedirect(scenario, response);
    }

    [Fact]
    public async Task Redirect_uri_given_as_the_exact_registered_string_is_accepted()
    {
        await using var scenario = await CodeFlowScenario.StartAsync();

        var response = await scenario.AuthorizeAsync(scenario.NewRequest());

        Assert.NotNull(response?.Code);
    }

    [Fact]
    public async Task Missing_redirect_uri_shows_an_error_page()
    {
        await using var scenario = await CodeFlowScenario.StartAsync();
        var request = scenario.NewRequest();
        var parameters = request.Parameters().Where(p => p.Key != "redirect_uri");

        await scenario.Browser.GetAsync(new Uri(scenario.Server.BaseAddress, "connect/authorize" + new Microsoft.AspNetCore.Http.Extensions.QueryBuilder(parameters).ToQueryString()));

        AssertErrorPageWithoutRedirect(scenario, scenario.Response());
    }

    [Theory]
    [InlineData("unknown-client")]
    [InlineData("")]
    public async Task Unknown_client_shows_an_error_page_and_never_redirects(string clientId)
    {
        await using var scenario = await CodeFlowScenario.StartAsync();

        var response = await scenario.AuthorizeAsync(scenario.NewRequest() with { ClientId = clientId });

        AssertErrorPageWithoutRedirect(scenario, response);
    }

    [Fact]
    public async Task Missing_pkce_is_refused_with_invalid_request()
    {
        await using var scenario = await CodeFlowScenario.StartAsync();
        var request = scenario.NewRequest() with { Pkce = null };

        var response = await scenario.AuthorizeAsync(request);

        AssertRefusedToClient(response, "invalid_request");
        Assert.Equal(request.State, response!.State);
    }

    [Theory]
    [InlineData("plain")]
    [InlineData("S512")]
    public async Task Code_challenge_method_other_than_S256_is_refused(string method)
    {
        await using var scenario = await CodeFlowScenario.StartAsync();

        var response = await scenario.AuthorizeAsync(scenario.NewRequest() with { CodeChallengeMethod = method });

        AssertRefusedToClient(response, "invalid_request");
    }

    [Fact]
    public async Task Code_challenge_without_a_method_is_refused_rather_than_taken_as_plain()
    {
        await using var scenario = await CodeFlowScenario.StartAsync();

        var response = await scenario.AuthorizeAsync(scenario.NewRequest() with { CodeChallengeMethod = null });

        AssertRefusedToClient(response, "invalid_request");
    }

    [Fact]
    public async Task Code_verifier_in_place_of_a_code_challenge_is_refused()
    {
        await using var scenario = await CodeFlowScenario.StartAsync();
        var pkce = Pkce.Create();

        var response = await scenario.AuthorizeAsync(scenario.NewRequest() with { Pkce = null, Extra = [new("code_verifier", pkce.Verifier)] });

        AssertRefusedToClient(response, "invalid_request");
    }

    [Theory]
    [InlineData("token")]
    [InlineData("id_token")]
    [InlineData("code id_token")]
    [InlineData("code token")]
    [InlineData("id_token token")]
    [InlineData("none")]
    public async Task Response_type_other_than_code_is_unsupported(string responseType)
    {
        await using var scenario = await CodeFlowScenario.StartAsync();
        await scenario.SignInAsync();

        await scenario.Browser.GetAsync((scenario.NewRequest() with { ResponseType = responseType }).ToUri(scenario.Server.BaseAddress));

        var location = scenario.Browser.CurrentUrl!;
        Assert.Equal(CodeFlowScenario.RedirectUri.Host, location.Host);
        var response = AuthorizationResponse.From(location);
        Assert.Equal("unsupported_response_type", response.Error);
        Assert.DoesNotContain("access_token", location.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("id_token", location.Query + location.Fragment, StringComparison.Ordinal);
        Assert.Null(response.Code);
    }

    [Fact]
    public async Task Scope_the_client_is_not_allowed_is_refused()
    {
        await using var scenario = await CodeFlowScenario.StartAsync();
        await scenario.Server.RegisterScopeAsync("payroll", "payroll-api");

        var response = await scenario.AuthorizeAsync(scenario.NewRequest() with { Scope = "openid payroll" });

        AssertRefusedToClient(response, "invalid_request");
    }

    private static void AssertRefusedToClient(AuthorizationResponse? response, string error)
    {
        Assert.NotNull(response);
        Assert.Equal(error, response.Error);
        Assert.Null(response.Code);
    }

    private static void AssertErrorPageWithoutRedirect(CodeFlowScenario scenario, AuthorizationResponse? response)
    {
        Assert.Null(response);
        Assert.Equal(HttpStatusCode.BadRequest, scenario.Browser.LastStatus);
        Assert.Equal(scenario.Server.BaseAddress.Authority, scenario.Browser.CurrentUrl?.Authority);
        Assert.DoesNotContain(scenario.Browser.Hops, h => h.Host.EndsWith(".test", StringComparison.OrdinalIgnoreCase));
        Assert.Contains("Bad request", scenario.Browser.LastBody, StringComparison.Ordinal);
    }
}
