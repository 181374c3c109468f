using System.Net;
using ConnexIdP.Core.Accounts;
using ConnexIdP.Core.Security;
using ConnexIdP.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace ConnexIdP.IntegrationTests.Accounts;

/// <summary>Self-service registration: off unless configured, the policy on the page, and no way to learn which emails exist.</summary>
public sealed class RegistrationTests
{
    private static readonly Dictionary<string, string> Open = new() { ["Registration:Enabled"] = "true" };

    [Fact]
    public async Task Registration_is_not_offered_unless_enabled()
    {
        await using var scenario = await CodeFlowScenario.StartAsync();
        await scenario.Browser.GetAsync(new Uri(scenario.Server.BaseAddress, "/account/register"));
        Assert.Equal(HttpStatusCode.NotFound, scenario.Browser.LastStatus);
        await scenario.Browser.GetAsync(new Uri(scenario.Server.BaseAddress, "/account/signin"));
        Assert.DoesNotContain("/account/register", scenario.Browser.LastBody!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_registered_person_can_sign_in_with_the_password_they_chose()
    {
        await using var scenario = await CodeFlowScenario.StartAsync(settings: Open);
        var pages = new AccountPages(scenario.Browser, scenario.Server.BaseAddress);

        await pages.RegisterAsync("grace@example.com", "cobol was a good idea in 1959", "Grace Hopper");

        Assert.Equal(HttpStatusCode.OK, scenario.Browser.LastStatus);
        Assert.NotNull(pages.Text("registration-received"));
        using var fresh = new TestBrowser();
        await PasswordChangeTests.SignInAsync(fresh, scenario.Server, "grace@example.com", "cobol was a good idea in 1959");
        Assert.Equal("/account", fresh.CurrentUrl!.AbsolutePath);
    }

    [Fact]
    public async Task Registering_an_existing_email_reads_exactly_like_a_new_registration_and_changes_nothing()
    {
        var clock = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        await using var scenario = await CodeFlowScenario.StartAsync(clock: clock, settings: Open);
        using var first = new TestBrowser();
        using var second = new TestBrowser();

        await new AccountPages(first, scenario.Server.BaseAddress).RegisterAsync("newcomer@example.com", "a perfectly fine passphrase");
        await new AccountPages(second, scenario.Server.BaseAddress).RegisterAsync(CodeFlowScenario.Email, "a perfectly fine passphrase");

        Assert.Equal(first.LastStatus, second.LastStatus);
        Assert.Equal(
            first.LastBody!.Replace("newcomer@example.com", "EMAIL", StringComparison.Ordinal),
            second.LastBody!.Replace(CodeFlowScenario.Email, "EMAIL", StringComparison.Ordinal));

        // Both are recorded for the operator, who can tell them apart.
        var registered = Assert.Single(await scenario.Server.EventsAsync(SecurityEventTypes.AccountRegistered));
        var existing = Assert.Single(await scenario.Server.EventsAsync(SecurityEventTypes.AccountRegistrationForExisting));
        Assert.Equal((SecurityOutcome.Success, "127.0.0.1"), (registered.Outcome, registered.Source));
        var owner = await scenario.Server.WithServiceAsync(services => services.GetRequiredService<AccountService>().FindByEmailAsync(CodeFlowScenario.Email, CancellationToken.None));
        Assert.Equal((SecurityOutcome.Refused, owner!.Id), (existing.Outcome, existing.AccountId));
        Assert.NotEqual(registered.AccountId, existing.AccountId);

        using var fresh = new TestBrowser();
        await PasswordChangeTests.SignInAsync(fresh, scenario.Server, CodeFlowScenario.Email, "a perfectly fine passphrase");
        Assert.Equal(HttpStatusCode.Unauthorized, fresh.LastStatus);
        clock.Advance(TimeSpan.FromSeconds(1)); // the backoff after that failure
        await PasswordChangeTests.SignInAsync(fresh, scenario.Server, CodeFlowScenario.Email, CodeFlowScenario.Password);
        Assert.Equal("/account", fresh.CurrentUrl!.AbsolutePath);
    }

    [Theory]
    [InlineData("seven!!", "Use at least 8 characters; this one has 7.")]
    [InlineData("aaaaaaaaaaaa", "Avoid passwords made mostly of repeated characters or patterns, such as 'aaaa' or 'abab'.")]
    [InlineData("12345678910", "This password appears in a list of commonly used or breached passwords.")]
    public async Task Registration_refused_by_the_policy_says_why_and_creates_nothing(string password, string reason)
    {
        await using var scenario = await CodeFlowScenario.StartAsync(settings: Open);
        var pages = new AccountPages(scenario.Browser, scenario.Server.BaseAddress);

        await pages.RegisterAsync("refused@example.com", password);

        Assert.Equal(HttpStatusCode.BadRequest, scenario.Browser.LastStatus);
        Assert.Equal(reason, pages.Text("register-error"));
        Assert.Null(await PasswordChangeTests.StoredAccountAsync(scenario.Server, "refused@example.com"));
    }
}
