using System.Globalization;
using ConnexIdP.Testing;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.JsonWebTokens;

namespace ConnexIdP.IntegrationTests.Protocol;

/// <summary>The OpenID Connect request parameters that steer sign-in: prompt, max_age, login_hint, acr_values, nonce, state, iss.</summary>
public sealed class AuthorizationRequestTests
{
    [Fact]
    public async Task Prompt_none_without_a_session_returns_login_required_to_the_client()
    {
        await using var scenario = await CodeFlowScenario.StartAsync();
        var request = scenario.NewRequest() with { Prompt = "none" };

        var response = await scenario.AuthorizeAsync(request, signIn: false);

        Assert.NotNull(response);
        Assert.Equal("login_required", response.Error);
        Assert.Equal(request.State, response.State);
        Assert.Equal(scenario.Server.BaseAddress.ToString(), response.Issuer);
        Assert.Null(response.Code);
    }

    [Fact]
    public async Task Prompt_none_with_a_session_issues_a_code_without_any_page()
    {
        await using var scenario = await CodeFlowScenario.StartAsync();
        await scenario.SignInAsync();

        var response = await scenario.AuthorizeAsync(scenario.NewRequest() with { Prompt = "none" }, signIn: false);

        Assert.NotNull(response?.Code);
    }

    [Fact]
    public async Task Prompt_login_with_a_session_shows_the_sign_in_page_once_and_then_completes()
    {
        await using var scenario = await CodeFlowScenario.StartAsync();
        await scenario.SignInAsync();
        var request = scenario.NewRequest() with { Prompt = "login" };

        var beforeSignIn = await scenario.AuthorizeAsync(request, signIn: false);
        Assert.Null(beforeSignIn);
        var signIn = new SignInPage(scenario.Browser);
        Assert.True(signIn.IsShown, $"expected the sign-in page, got {scenario.Browser.CurrentUrl}");

        await signIn.WithPasswordAsync(CodeFlowScenario.Email, CodeFlowScenario.Password);

        var response = scenario.Response();
        Assert.True(response?.Code is not null, $"expected a code after one sign-in, got {scenario.Browser.CurrentUrl} {scenario.Browser.LastStatus}");
        Assert.Equal(request.State, response.State);
    }

    [Theory]
    [InlineData(60, 300)]
    [InlineData(0, 3)]
    public async Task Max_age_older_than_the_session_forces_one_new_sign_in_and_the_id_token_tells_when(int maxAge, int sessionAge)
    {
        var clock = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        await using var scenario = await CodeFlowScenario.StartAsync(clock: clock);
        await scenario.SignInAsync();
        clock.Advance(TimeSpan.FromSeconds(sessionAge));
        var request = scenario.NewRequest() with { MaxAge = maxAge };

        Assert.Null(await scenario.AuthorizeAsync(request, signIn: false));
        var signIn = new SignInPage(scenario.Browser);
        Assert.True(signIn.IsShown, $"expected the sign-in page, got {scenario.Browser.CurrentUrl}");
        await signIn.WithPasswordAsync(CodeFlowScenario.Email, CodeFlowScenario.Password);

        // One sign-in satisfies max_age, even max_age=0: the browser is back at the client, not at the sign-in page.
        var response = scenario.Response();
        Assert.True(response?.Code is not null, $"expected a code after one sign-in, got {scenario.Browser.CurrentUrl} {scenario.Browser.LastStatus}");
        var tokens = await scenario.Client.RedeemCodeAsync(response.Code, request.RedirectUri, request.Pkce!.Verifier);
        Assert.Equal(clock.GetUtcNow().ToUnixTimeSeconds(), AuthTime(new JsonWebToken(tokens.IdToken)));
    }

    [Fact]
    public async Task Max_age_younger_than_the_session_keeps_it_and_the_original_auth_time()
    {
        var clock = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        await using var scenario = await CodeFlowScenario.StartAsync(clock: clock);
        var signedInAt = clock.GetUtcNow().ToUnixTimeSeconds();
        await scenario.SignInAsync();
        clock.Advance(TimeSpan.FromMinutes(5));
        var request = scenario.NewRequest() with { MaxAge = 3600 };

        var tokens = await scenario.SignInAsync(request);

        Assert.Equal(signedInAt, AuthTime(new JsonWebToken(tokens.IdToken)));
    }

    [Fact]
    public async Task Login_hint_prefills_the_email_on_the_sign_in_page()
    {
        await using var scenario = await CodeFlowScenario.StartAsync();

        await scenario.AuthorizeAsync(scenario.NewRequest() with { LoginHint = CodeFlowScenario.Email }, signIn: false);

        var signIn = new SignInPage(scenario.Browser);
        Assert.True(signIn.IsShown);
        Assert.Equal(CodeFlowScenario.Email, signIn.PrefilledEmail);
    }

    [Fact]
    public async Task Acr_values_put_an_acr_claim_in_the_id_token()
    {
        await using var scenario = await CodeFlowScenario.StartAsync();

        var tokens = await scenario.SignInAsync(scenario.NewRequest() with { AcrValues = "urn:connexidp:acr:pwd" });

        var idToken = new JsonWebToken(tokens.IdToken);
        Assert.True(idToken.TryGetPayloadValue<string>("acr", out var acr), "no acr claim in " + idToken);
        Assert.Equal("urn:connexidp:acr:pwd", acr);
        Assert.Contains("pwd", idToken.GetPayloadValue<string[]>("amr"));
    }

    [Fact]
    public async Task Without_acr_values_the_id_token_has_no_acr_claim()
    {
        await using var scenario = await CodeFlowScenario.StartAsync();

        var tokens = await scenario.SignInAsync();

        Assert.False(new JsonWebToken(tokens.IdToken).TryGetPayloadValue<string>("acr", out _));
    }

    [Fact]
    public async Task Nonce_state_and_issuer_round_trip()
    {
        await using var scenario = await CodeFlowScenario.StartAsync();
        var request = scenario.NewRequest();

        var response = await scenario.AuthorizeAsync(request);

        Assert.NotNull(response?.Code);
        Assert.Equal(request.State, response.State);
        Assert.Equal(scenario.Server.BaseAddress.ToString(), response.Issuer);
        var tokens = await scenario.Client.RedeemCodeAsync(response.Code, request.RedirectUri, request.Pkce!.Verifier);
        var idToken = new JsonWebToken(tokens.IdToken);
        Assert.Equal(request.Nonce, idToken.GetPayloadValue<string>("nonce"));
        Assert.Equal(scenario.Server.BaseAddress.ToString(), idToken.Issuer);
        Assert.Contains(CodeFlowScenario.ClientId, idToken.Audiences);
    }

    [Fact]
    public async Task Id_token_hint_for_someone_else_than_the_signed_in_person_needs_a_new_sign_in()
    {
        await using var scenario = await CodeFlowScenario.StartAsync();
        var adasIdToken = (await scenario.SignInAsync()).IdToken!;
        await scenario.Server.CreateAccountAsync("grace@example.com", "another long passphrase", "Grace Hopper");
        using var graces = new TestBrowser { StopAt = scenario.Browser.StopAt };
        await graces.GetAsync(scenario.NewRequest().ToUri(scenario.Server.BaseAddress));
        await new SignInPage(graces).WithPasswordAsync("grace@example.com", "another long passphrase");
        Assert.Equal(CodeFlowScenario.RedirectUri.Host, graces.CurrentUrl?.Host);

        var request = scenario.NewRequest() with { Prompt = "none", Extra = [new("id_token_hint", adasIdToken)] };
        await graces.GetAsync(request.ToUri(scenario.Server.BaseAddress));

        var response = AuthorizationResponse.From(graces.CurrentUrl!);
        Assert.Equal("login_required", response.Error);
        Assert.Null(response.Code);
    }

    private static long AuthTime(JsonWebToken idToken) =>
        idToken.TryGetPayloadValue<long>("auth_time", out var value)
            ? value
            : throw new Xunit.Sdk.XunitException("The ID token has no auth_time: " + idToken.EncodedPayload.ToString(CultureInfo.InvariantCulture));
}
