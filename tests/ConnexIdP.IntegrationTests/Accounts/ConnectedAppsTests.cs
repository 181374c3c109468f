using System.Net;
using ConnexIdP.Core.Clients;
using ConnexIdP.Core.Security;
using ConnexIdP.Testing;

namespace ConnexIdP.IntegrationTests.Accounts;

/// <summary>
/// <c>/account/apps</c>: the applications a person has let in, and "Remove access", which revokes that application's
/// grants and tokens for the account (its refresh token stops working, its access token is inactive at introspection)
/// and makes it ask for consent again.
/// </summary>
public sealed class ConnectedAppsTests
{
    private static readonly Uri AppsPath = new("/account/apps", UriKind.Relative);

    [Theory]
    [InlineData(TestDatabase.Sqlite)]
    [InlineData(TestDatabase.PostgreSql)]
    public async Task Removing_an_applications_access_revokes_its_tokens_and_its_next_sign_in_asks_for_consent_again(TestDatabase database)
    {
        await using var scenario = await CodeFlowScenario.StartAsync(database, customize: r => r with { Consent = ConsentMode.Explicit, DisplayName = "Web App" });
        var request = scenario.NewRequest();
        Assert.Null(await scenario.AuthorizeAsync(request));
        await new ConsentPage(scenario.Browser).AllowAsync();
        var tokens = await scenario.Client.RedeemCodeAsync(scenario.Response()!.Code!, request.RedirectUri, request.Pkce!.Verifier);
        Assert.NotNull(tokens.RefreshToken);

        await scenario.Browser.GetAsync(new Uri(scenario.Server.BaseAddress, AppsPath));
        var pages = new AccountPages(scenario.Browser, scenario.Server.BaseAddress);
        Assert.Equal(HttpStatusCode.OK, scenario.Browser.LastStatus);
        Assert.Contains("Web App", scenario.Browser.LastBody, StringComparison.Ordinal);
        Assert.Contains("offline_access", scenario.Browser.LastBody, StringComparison.Ordinal);
        Assert.Contains("you allowed it", scenario.Browser.LastBody, StringComparison.Ordinal);

        await pages.SubmitShownAsync();

        Assert.Equal(HttpStatusCode.OK, scenario.Browser.LastStatus);
        Assert.Equal("/account/apps", scenario.Browser.CurrentUrl!.AbsolutePath);
        Assert.NotNull(pages.Text("app-removed"));
        Assert.NotNull(pages.Text("no-apps"));
        Assert.Equal("invalid_grant", (await scenario.Client.RefreshAsync(tokens.RefreshToken)).Error);
        Assert.False((await scenario.Client.IntrospectAsync(tokens.AccessToken!)).Active);
        var removed = Assert.Single(await scenario.Server.EventsAsync(SecurityEventTypes.ConnectedAppRemoved));
        Assert.Equal(CodeFlowScenario.ClientId, removed.ClientId);

        // The session at ConnexIdP stays; the application has to ask again.
        Assert.Null(await scenario.AuthorizeAsync(scenario.NewRequest()));
        Assert.True(new ConsentPage(scenario.Browser).IsShown, $"expected the consent page, got {scenario.Browser.CurrentUrl}");
    }

    [Fact]
    public async Task An_application_the_account_never_let_in_has_nothing_to_remove_and_another_accounts_grants_stay()
    {
        await using var scenario = await CodeFlowScenario.StartAsync();
        var tokens = await scenario.SignInAsync();
        Assert.NotNull(tokens.RefreshToken);
        await scenario.Browser.GetAsync(new Uri(scenario.Server.BaseAddress, AppsPath));
        var (action, form) = scenario.Browser.ReadForm();
        var applicationId = form.Single(f => f.Key == "ApplicationId").Value;
        Assert.Contains("Remove access", scenario.Browser.LastBody, StringComparison.Ordinal);

        // Another account, signed in in another browser, tries to remove the same application from its own account.
        await scenario.Server.CreateAccountAsync("grace@example.com", "cobol was a good idea in 1959");
        using var other = new TestBrowser();
        await PasswordChangeTests.SignInAsync(other, scenario.Server, "grace@example.com", "cobol was a good idea in 1959");
        await other.GetAsync(new Uri(scenario.Server.BaseAddress, AppsPath));
        Assert.NotNull(new AccountPages(other, scenario.Server.BaseAddress).Text("no-apps"));
        await other.GetAsync(new Uri(scenario.Server.BaseAddress, "/account/password"));
        var antiforgery = other.ReadForm().Fields.Single(f => f.Key == "__af");
        await other.PostFormAsync(action, [new("ApplicationId", applicationId), antiforgery]);

        Assert.Equal(HttpStatusCode.NotFound, other.LastStatus);
        Assert.Equal("This application has no access to remove.", new AccountPages(other, scenario.Server.BaseAddress).Text("apps-error"));
        Assert.NotNull((await scenario.Client.RefreshAsync(tokens.RefreshToken)).AccessToken);
        Assert.Empty(await scenario.Server.EventsAsync(SecurityEventTypes.ConnectedAppRemoved));
    }
}
