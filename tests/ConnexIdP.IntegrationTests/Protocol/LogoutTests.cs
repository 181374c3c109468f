using System.Net;
using ConnexIdP.Testing;
using Microsoft.AspNetCore.WebUtilities;

namespace ConnexIdP.IntegrationTests.Protocol;

/// <summary>RP-initiated logout: with an ID token hint it signs out at once; without one the person confirms; it only ever returns to registered URIs.</summary>
public sealed class LogoutTests
{
    [Fact]
    public async Task Relying_party_logout_with_id_token_hint_signs_out_without_confirmation_and_returns_with_state()
    {
        await using var scenario = await RelyingPartyScenario.StartAsync();
        await scenario.SignInAsync();

        await scenario.Browser.GetAsync(new Uri(scenario.RelyingParty.BaseAddress, "logout"));

        var endSession = scenario.Browser.Hops.Single(h => h.AbsolutePath == "/connect/endsession");
        var sent = QueryHelpers.ParseQuery(endSession.Query);
        Assert.True(sent.ContainsKey("id_token_hint"), "the relying party sends its ID token as a hint");
        var callback = scenario.Browser.Hops.Single(h => h.GetLeftPart(UriPartial.Path) == scenario.RelyingParty.PostLogoutRedirectUri.ToString());
        Assert.Equal(sent["state"].ToString(), QueryHelpers.ParseQuery(callback.Query)["state"].ToString());
        Assert.DoesNotContain(scenario.Browser.Hops, h => h.AbsolutePath == "/account/signedout");
        Assert.Equal(scenario.RelyingParty.BaseAddress, scenario.Browser.CurrentUrl);
        Assert.Contains("Sign in", scenario.Browser.LastBody, StringComparison.Ordinal);

        await AssertSignedOutAtServerAsync(scenario.Browser, scenario.RelyingParty.BaseAddress);
    }

    [Fact]
    public async Task Logout_without_id_token_hint_asks_for_confirmation_and_signs_out_when_confirmed()
    {
        await using var scenario = await CodeFlowScenario.StartAsync();
        await scenario.SignInAsync();
        var state = AuthorizationRequest.NewValue();

        await scenario.Browser.GetAsync(EndSession(scenario.Server, CodeFlowScenario.PostLogoutRedirectUri.ToString(), state));

        var confirmation = new SignOutPage(scenario.Browser);
        Assert.True(confirmation.IsShown, $"expected the confirmation page, got {scenario.Browser.CurrentUrl} {scenario.Browser.LastStatus}");
        Assert.Contains(CodeFlowScenario.Email, scenario.Browser.LastBody, StringComparison.Ordinal);
        var stillSignedIn = await scenario.AuthorizeAsync(scenario.NewRequest() with { Prompt = "none" }, signIn: false);
        Assert.NotNull(stillSignedIn?.Code);

        await scenario.Browser.GetAsync(EndSession(scenario.Server, CodeFlowScenario.PostLogoutRedirectUri.ToString(), state));
        await confirmation.ConfirmAsync();

        var returned = scenario.Browser.CurrentUrl!;
        Assert.Equal(CodeFlowScenario.PostLogoutRedirectUri.ToString(), returned.GetLeftPart(UriPartial.Path));
        Assert.Equal(state, QueryHelpers.ParseQuery(returned.Query)["state"].ToString());
        var afterwards = await scenario.AuthorizeAsync(scenario.NewRequest() with { Prompt = "none" }, signIn: false);
        Assert.Equal("login_required", afterwards?.Error);
    }

    [Fact]
    public async Task Confirmation_without_the_antiforgery_token_does_not_sign_out()
    {
        await using var scenario = await CodeFlowScenario.StartAsync();
        await scenario.SignInAsync();
        await scenario.Browser.GetAsync(EndSession(scenario.Server, CodeFlowScenario.PostLogoutRedirectUri.ToString(), "s"));
        var (action, fields) = scenario.Browser.ReadForm();
        fields.RemoveAll(f => f.Key == "__af");
        fields.Add(new("connexidp_signout", "yes"));

        await scenario.Browser.PostFormAsync(action, fields);

        Assert.True(new SignOutPage(scenario.Browser).IsShown);
        var stillSignedIn = await scenario.AuthorizeAsync(scenario.NewRequest() with { Prompt = "none" }, signIn: false);
        Assert.NotNull(stillSignedIn?.Code);
    }

    [Theory]
    [InlineData("https://evil.test/signed-out")]
    [InlineData("https://client.test/signed-out/")]
    [InlineData("https://CLIENT.test/Signed-Out")]
    public async Task Logout_to_an_unregistered_post_logout_redirect_uri_never_redirects(string target)
    {
        await using var scenario = await CodeFlowScenario.StartAsync();
        var idToken = (await scenario.SignInAsync()).IdToken!;
        scenario.Browser.StopAt = uri => uri.Host.Contains("test", StringComparison.OrdinalIgnoreCase);

        await scenario.Browser.GetAsync(EndSession(scenario.Server, target, "s", idToken));

        Assert.Equal(HttpStatusCode.BadRequest, scenario.Browser.LastStatus);
        Assert.Equal(scenario.Server.BaseAddress.Host, scenario.Browser.CurrentUrl?.Host);
        Assert.DoesNotContain(scenario.Browser.Hops, h => h.Host.Contains("test", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(target, scenario.Browser.LastBody, StringComparison.OrdinalIgnoreCase);
    }

    private static Uri EndSession(ConnexServer server, string postLogoutRedirectUri, string state, string? idTokenHint = null)
    {
        var query = new Dictionary<string, string?> { ["post_logout_redirect_uri"] = postLogoutRedirectUri, ["state"] = state };
        if (idTokenHint is not null)
        {
            query["id_token_hint"] = idTokenHint;
        }

        return new Uri(QueryHelpers.AddQueryString(new Uri(server.BaseAddress, "connect/endsession").ToString(), query));
    }

    // The relying party's next sign-in must meet the sign-in page again: the server's session is gone.
    private static async Task AssertSignedOutAtServerAsync(TestBrowser browser, Uri relyingParty)
    {
        await browser.GetAsync(new Uri(relyingParty, "login"));
        Assert.True(new SignInPage(browser).IsShown, $"expected the sign-in page after logout, got {browser.CurrentUrl}");
    }
}
