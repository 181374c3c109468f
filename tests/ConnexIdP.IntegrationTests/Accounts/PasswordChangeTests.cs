using System.Net;
using ConnexIdP.Core.Accounts;
using ConnexIdP.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace ConnexIdP.IntegrationTests.Accounts;

/// <summary>Changing the password and the email from the account pages, as the person signed in does it.</summary>
public sealed class PasswordChangeTests
{
    private const string NewPassword = "a new and much longer passphrase";

    [Fact]
    public async Task Password_change_keeps_this_session_ends_the_others_and_revokes_refresh_tokens()
    {
        var clock = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        await using var scenario = await CodeFlowScenario.StartAsync(clock: clock);
        var tokens = await scenario.SignInAsync();
        using var otherBrowser = new TestBrowser();
        await SignInAsync(otherBrowser, scenario.Server, CodeFlowScenario.Email, CodeFlowScenario.Password);
        Assert.Equal("/account", otherBrowser.CurrentUrl!.AbsolutePath);

        var pages = new AccountPages(scenario.Browser, scenario.Server.BaseAddress);
        await pages.ChangePasswordAsync(CodeFlowScenario.Password, NewPassword);

        Assert.Equal(HttpStatusCode.OK, scenario.Browser.LastStatus);
        Assert.Equal("/account", scenario.Browser.CurrentUrl!.AbsolutePath);
        Assert.NotNull(pages.Text("account-changed"));
        await otherBrowser.GetAsync(new Uri(scenario.Server.BaseAddress, "/account"));
        Assert.Equal("/account/signin", otherBrowser.CurrentUrl!.AbsolutePath);
        OAuthAssert.Refused(await scenario.Client.RefreshAsync(tokens.RefreshToken!), HttpStatusCode.BadRequest, "invalid_grant");

        using var fresh = new TestBrowser();
        await SignInAsync(fresh, scenario.Server, CodeFlowScenario.Email, CodeFlowScenario.Password);
        Assert.Equal(HttpStatusCode.Unauthorized, fresh.LastStatus);
        clock.Advance(TimeSpan.FromSeconds(1)); // the backoff after that failure
        await SignInAsync(fresh, scenario.Server, CodeFlowScenario.Email, NewPassword);
        Assert.Equal("/account", fresh.CurrentUrl!.AbsolutePath);
    }

    [Fact]
    public async Task Password_change_with_a_wrong_current_password_changes_nothing()
    {
        await using var scenario = await CodeFlowScenario.StartAsync();
        await scenario.SignInAsync();
        var pages = new AccountPages(scenario.Browser, scenario.Server.BaseAddress);

        await pages.ChangePasswordAsync("not the password at all", NewPassword);

        Assert.Equal(HttpStatusCode.Unauthorized, scenario.Browser.LastStatus);
        Assert.Equal(AccountCredentialService.WrongCurrentPassword, pages.Text("password-error"));
        Assert.DoesNotContain(NewPassword, scenario.Browser.LastBody!, StringComparison.Ordinal);

        // The current password is a password guess like a sign-in: at once again, it is refused unchecked.
        using (var again = await pages.ChangePasswordAsync(CodeFlowScenario.Password, NewPassword))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, again.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(1), again.Headers.RetryAfter?.Delta);
            Assert.Equal("Too many failed attempts. Try again in 1 second.", pages.Text("password-error"));
        }

        // That browser was this account's known device, so its failure counted on its own counter, not the account's.
        using var fresh = new TestBrowser();
        await SignInAsync(fresh, scenario.Server, CodeFlowScenario.Email, CodeFlowScenario.Password);
        Assert.Equal("/account", fresh.CurrentUrl!.AbsolutePath);
    }

    [Theory]
    [InlineData("short", "Use at least 8 characters; this one has 5.")]
    [InlineData("password1234", "This password appears in a list of commonly used or breached passwords.")]
    public async Task Password_refused_by_the_policy_says_why_on_the_page(string replacement, string reason)
    {
        await using var scenario = await CodeFlowScenario.StartAsync();
        await scenario.SignInAsync();
        var pages = new AccountPages(scenario.Browser, scenario.Server.BaseAddress);

        await pages.ChangePasswordAsync(CodeFlowScenario.Password, replacement);

        Assert.Equal(HttpStatusCode.BadRequest, scenario.Browser.LastStatus);
        Assert.Equal(reason, pages.Text("password-error"));
    }

    [Fact]
    public async Task Email_change_rehashes_the_password_under_the_new_email_and_the_old_email_stops_working()
    {
        await using var scenario = await CodeFlowScenario.StartAsync();
        await scenario.SignInAsync();
        var before = await StoredAccountAsync(scenario.Server, CodeFlowScenario.Email);
        var pages = new AccountPages(scenario.Browser, scenario.Server.BaseAddress);

        await pages.ChangeEmailAsync("countess@example.org", CodeFlowScenario.Password);

        Assert.Equal("/account", scenario.Browser.CurrentUrl!.AbsolutePath);
        Assert.Equal("countess@example.org", pages.Text("account-email"));
        var after = await StoredAccountAsync(scenario.Server, "countess@example.org");
        Assert.Equal(before!.Id, after!.Id);
        Assert.NotEqual(before.PasswordHash, after.PasswordHash);
        using var fresh = new TestBrowser();
        await SignInAsync(fresh, scenario.Server, CodeFlowScenario.Email, CodeFlowScenario.Password);
        Assert.Equal(HttpStatusCode.Unauthorized, fresh.LastStatus);
        await SignInAsync(fresh, scenario.Server, "countess@example.org", CodeFlowScenario.Password);
        Assert.Equal("/account", fresh.CurrentUrl!.AbsolutePath);
    }

    [Fact]
    public async Task Email_change_needs_the_password_before_it_says_an_email_is_taken()
    {
        var clock = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        await using var scenario = await CodeFlowScenario.StartAsync(clock: clock);
        await scenario.Server.CreateAccountAsync("charles@example.com", "difference engine number two");
        await scenario.SignInAsync();
        var pages = new AccountPages(scenario.Browser, scenario.Server.BaseAddress);

        await pages.ChangeEmailAsync("charles@example.com", "a wrong password");
        Assert.Equal(HttpStatusCode.Unauthorized, scenario.Browser.LastStatus);
        Assert.Equal(AccountCredentialService.WrongCurrentPassword, pages.Text("email-error"));

        clock.Advance(TimeSpan.FromSeconds(1)); // the backoff after that failure
        await pages.ChangeEmailAsync("charles@example.com", CodeFlowScenario.Password);
        Assert.Equal(HttpStatusCode.BadRequest, scenario.Browser.LastStatus);
        Assert.Equal("This email address cannot be used for this account.", pages.Text("email-error"));
        Assert.NotNull(await StoredAccountAsync(scenario.Server, CodeFlowScenario.Email));
    }

    internal static async Task SignInAsync(TestBrowser browser, ConnexServer server, string email, string password)
    {
        await browser.GetAsync(new Uri(server.BaseAddress, "/account/signin"));
        await new SignInPage(browser).WithPasswordAsync(email, password);
    }

    internal static Task<Account?> StoredAccountAsync(ConnexServer server, string email) =>
        server.WithServiceAsync(services => services.GetRequiredService<AccountService>().FindByEmailAsync(email, CancellationToken.None));
}
