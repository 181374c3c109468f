using System.Net;
using ConnexIdP.Core.Security;
using ConnexIdP.Testing;

namespace ConnexIdP.IntegrationTests.Accounts;

/// <summary>"Sign out everywhere else" on <c>/account</c>: other browsers' sessions end, every token of the account is revoked, this browser stays signed in.</summary>
public sealed class SignOutEverywhereTests
{
    [Theory]
    [InlineData(TestDatabase.Sqlite)]
    [InlineData(TestDatabase.PostgreSql)]
    public async Task Other_sessions_end_and_tokens_are_revoked_while_this_browser_stays_signed_in(TestDatabase database)
    {
        await using var scenario = await CodeFlowScenario.StartAsync(database);
        var tokens = await scenario.SignInAsync();
        Assert.NotNull(tokens.RefreshToken);
        using var laptop = new TestBrowser();
        await PasswordChangeTests.SignInAsync(laptop, scenario.Server, CodeFlowScenario.Email, CodeFlowScenario.Password);
        Assert.Equal("/account", laptop.CurrentUrl!.AbsolutePath);

        var account = new Uri(scenario.Server.BaseAddress, "/account");
        await scenario.Browser.GetAsync(account);
        Assert.Contains("Sign out everywhere else", scenario.Browser.LastBody, StringComparison.Ordinal);
        await new AccountPages(scenario.Browser, scenario.Server.BaseAddress).SubmitShownAsync();

        Assert.Equal(HttpStatusCode.OK, scenario.Browser.LastStatus);
        Assert.Contains("signed out everywhere else", new AccountPages(scenario.Browser, scenario.Server.BaseAddress).Text("account-changed"), StringComparison.Ordinal);
        await scenario.Browser.GetAsync(account);
        Assert.Equal("/account", scenario.Browser.CurrentUrl!.AbsolutePath);
        await laptop.GetAsync(account);
        Assert.Equal("/account/signin", laptop.CurrentUrl!.AbsolutePath);
        Assert.Equal("invalid_grant", (await scenario.Client.RefreshAsync(tokens.RefreshToken)).Error);
        Assert.False((await scenario.Client.IntrospectAsync(tokens.AccessToken!)).Active);

        var ended = Assert.Single(await scenario.Server.EventsAsync(SecurityEventTypes.AccountSessionsEnded));
        Assert.StartsWith("by the account; tokens revoked=", ended.Details, StringComparison.Ordinal);
    }
}
