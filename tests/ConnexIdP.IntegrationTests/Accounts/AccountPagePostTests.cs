using System.Net;
using ConnexIdP.Testing;

namespace ConnexIdP.IntegrationTests.Accounts;

/// <summary>
/// A POST with a valid antiforgery token to an account page, naming no action of it or one it does not have, is a
/// 404, signed in or not: never the page rendered without its data (which was a 500).
/// </summary>
public sealed class AccountPagePostTests
{
    private static readonly string[] Paths =
    [
        "/account", "/account/nothing", "/account/security", "/account/security/nothing", "/account/security/authenticator",
        "/account/security/authenticator/nothing", "/account/apps", "/account/apps/nothing",
    ];

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_post_naming_no_action_of_the_page_is_not_found(bool signedIn)
    {
        await using var scenario = await CodeFlowScenario.StartAsync();
        using var browser = new TestBrowser();
        if (signedIn)
        {
            await PasswordChangeTests.SignInAsync(browser, scenario.Server, CodeFlowScenario.Email, CodeFlowScenario.Password);
        }

        await browser.GetAsync(new Uri(scenario.Server.BaseAddress, "/account/signin"));
        var antiforgery = browser.ReadForm().Fields.Single(f => f.Key == "__af");
        foreach (var path in Paths)
        {
            await browser.PostFormAsync(new Uri(scenario.Server.BaseAddress, path), [antiforgery]);
            Assert.True(browser.LastStatus == HttpStatusCode.NotFound, $"{path}: {(int)browser.LastStatus}");
        }
    }
}
