using ConnexIdP.Core.Clients;
using ConnexIdP.Testing;

namespace ConnexIdP.IntegrationTests.Protocol;

/// <summary>A client registered for explicit consent asks the person once; the answer is remembered, and a denial reaches the client.</summary>
public sealed class ConsentTests
{
    private static Task<CodeFlowScenario> StartExplicitAsync() =>
        CodeFlowScenario.StartAsync(customize: r => r with { Consent = ConsentMode.Explicit, DisplayName = "Web App" });

    [Fact]
    public async Task Allowing_issues_a_code_and_the_answer_is_remembered()
    {
        await using var scenario = await StartExplicitAsync();
        var request = scenario.NewRequest();

        Assert.Null(await scenario.AuthorizeAsync(request));
        var consent = new ConsentPage(scenario.Browser);
        Assert.True(consent.IsShown, $"expected the consent page, got {scenario.Browser.CurrentUrl} {scenario.Browser.LastStatus}");
        Assert.Contains("Web App", scenario.Browser.LastBody, StringComparison.Ordinal);

        await consent.AllowAsync();

        var response = scenario.Response();
        Assert.True(response?.Code is not null, $"expected a code, got {scenario.Browser.CurrentUrl} {scenario.Browser.LastStatus}");
        Assert.Equal(request.State, response.State);
        var tokens = await scenario.Client.RedeemCodeAsync(response.Code, request.RedirectUri, request.Pkce!.Verifier);
        Assert.NotNull(tokens.AccessToken);

        var second = await scenario.AuthorizeAsync(scenario.NewRequest());
        Assert.True(second?.Code is not null, "the second sign-in must not ask again: " + scenario.Browser.CurrentUrl);
    }

    [Fact]
    public async Task Prompt_consent_shows_the_consent_page_again()
    {
        await using var scenario = await StartExplicitAsync();
        await scenario.AuthorizeAsync(scenario.NewRequest());
        await new ConsentPage(scenario.Browser).AllowAsync();
        Assert.NotNull(scenario.Response()?.Code);

        Assert.Null(await scenario.AuthorizeAsync(scenario.NewRequest() with { Prompt = "consent" }));

        var consent = new ConsentPage(scenario.Browser);
        Assert.True(consent.IsShown);
        await consent.AllowAsync();
        Assert.NotNull(scenario.Response()?.Code);
    }

    [Fact]
    public async Task Denying_returns_access_denied_to_the_redirect_uri()
    {
        await using var scenario = await StartExplicitAsync();
        var request = scenario.NewRequest();
        await scenario.AuthorizeAsync(request);

        await new ConsentPage(scenario.Browser).DenyAsync();

        var response = scenario.Response();
        Assert.NotNull(response);
        Assert.Equal("access_denied", response.Error);
        Assert.Equal(request.State, response.State);
        Assert.Null(response.Code);

        // Nothing was remembered: the next request asks again.
        Assert.Null(await scenario.AuthorizeAsync(scenario.NewRequest()));
        Assert.True(new ConsentPage(scenario.Browser).IsShown);
    }

    [Fact]
    public async Task Prompt_none_without_consent_returns_consent_required()
    {
        await using var scenario = await StartExplicitAsync();
        await scenario.AuthorizeAsync(scenario.NewRequest());
        Assert.True(new ConsentPage(scenario.Browser).IsShown);

        var response = await scenario.AuthorizeAsync(scenario.NewRequest() with { Prompt = "none" });

        Assert.Equal("consent_required", response?.Error);
    }

    [Fact]
    public async Task Consent_decision_without_the_antiforgery_token_is_not_taken()
    {
        await using var scenario = await StartExplicitAsync();
        await scenario.AuthorizeAsync(scenario.NewRequest());
        var (action, fields) = scenario.Browser.ReadForm();
        fields.RemoveAll(f => f.Key == "__af");
        fields.Add(new("connexidp_consent", "accept"));

        await scenario.Browser.PostFormAsync(action, fields);

        Assert.Null(scenario.Response());
        Assert.True(new ConsentPage(scenario.Browser).IsShown);
    }
}
