using System.Net;
using System.Security.Cryptography;
using ConnexIdP.Core.Accounts;
using ConnexIdP.Core.Credentials;
using ConnexIdP.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace ConnexIdP.IntegrationTests.SignIn;

/// <summary>
/// Stored password hashes follow the configuration across redeployments: a rotated pepper or a raised Argon2 cost reaches
/// each account when it signs in through the sign-in page, and the census shows an operator what is left.
/// </summary>
public sealed class PasswordUpgradeTests
{
    private const string Password = "correct horse battery staple";

    [Theory]
    [InlineData(TestDatabase.Sqlite)]
    [InlineData(TestDatabase.PostgreSql)]
    public async Task A_rotated_pepper_reaches_each_account_at_its_next_sign_in_and_retiring_it_early_locks_out_only_who_still_needs_it(TestDatabase database)
    {
        var pepperA = NewPepper();
        await using var server = await ConnexServer.StartAsync(database, settings: new Dictionary<string, string>
        {
            ["Passwords:Pepper:Id"] = "a",
            ["Passwords:Pepper:Value"] = pepperA,
        });
        await server.CreateAccountAsync("ada@example.com", Password);
        await server.CreateAccountAsync("bob@example.com", Password);

        await server.RestartAsync(new Dictionary<string, string?>
        {
            ["Passwords:Pepper:Id"] = "b",
            ["Passwords:Pepper:Value"] = NewPepper(),
            ["Passwords:PreviousPeppers:0:Id"] = "a",
            ["Passwords:PreviousPeppers:0:Value"] = pepperA,
        });
        Assert.Equal([new("b", PepperRole.Current, 0, 0), new PepperUsage("a", PepperRole.Previous, 2, 0)], (await CensusAsync(server)).Peppers);

        using (var ada = await SignInAsync(server, "ada@example.com"))
        {
            Assert.Equal(new Uri(server.BaseAddress, "/account"), ada.CurrentUrl);
        }

        Assert.Contains("$k=b$", await StoredHashAsync(server, "ada@example.com"), StringComparison.Ordinal);
        var afterSignIn = await CensusAsync(server);
        Assert.Equal([new("b", PepperRole.Current, 1, 0), new PepperUsage("a", PepperRole.Previous, 1, 0)], afterSignIn.Peppers);
        Assert.Equal(1, afterSignIn.RehashPending);

        // Pepper a is removed while bob has not signed in since: his sign-in fails like a wrong password, never with a 500.
        await server.RestartAsync(new Dictionary<string, string?>
        {
            ["Passwords:PreviousPeppers:0:Id"] = null,
            ["Passwords:PreviousPeppers:0:Value"] = null,
        });
        Assert.Equal([new("b", PepperRole.Current, 1, 0), new PepperUsage("a", PepperRole.NotConfigured, 1, 0)], (await CensusAsync(server)).Peppers);

        using (var bob = await SignInAsync(server, "bob@example.com"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, bob.LastStatus);
            Assert.True(new SignInPage(bob).ShowsFailure);
        }

        using (var adaAgain = await SignInAsync(server, "ada@example.com"))
        {
            Assert.Equal(new Uri(server.BaseAddress, "/account"), adaAgain.CurrentUrl);
        }
    }

    [Theory]
    [InlineData(TestDatabase.Sqlite)]
    [InlineData(TestDatabase.PostgreSql)]
    public async Task A_raised_Argon2_cost_reaches_an_account_at_its_next_sign_in(TestDatabase database)
    {
        await using var server = await ConnexServer.StartAsync(database, settings: new Dictionary<string, string>
        {
            ["Passwords:Argon2:MemoryKiB"] = "64",
            ["Passwords:Argon2:Iterations"] = "1",
        });
        await server.CreateAccountAsync("ada@example.com", Password);
        Assert.StartsWith("$connexidp$v=1$argon2id$m=64,t=1,p=1$", await StoredHashAsync(server, "ada@example.com"), StringComparison.Ordinal);

        await server.RestartAsync(new Dictionary<string, string?>
        {
            ["Passwords:Argon2:MemoryKiB"] = "128",
            ["Passwords:Argon2:Iterations"] = "2",
        });
        var before = await CensusAsync(server);
        Assert.Equal([new(new(128, 2, 1), Argon2Standing.Current, 0), new Argon2Usage(new(64, 1, 1), Argon2Standing.Weaker, 1)], before.Parameters);
        Assert.Equal(1, before.RehashPending);

        using (var ada = await SignInAsync(server, "ada@example.com"))
        {
            Assert.Equal(new Uri(server.BaseAddress, "/account"), ada.CurrentUrl);
        }

        Assert.StartsWith("$connexidp$v=1$argon2id$m=128,t=2,p=1$", await StoredHashAsync(server, "ada@example.com"), StringComparison.Ordinal);
        var after = await CensusAsync(server);
        Assert.Equal([new Argon2Usage(new(128, 2, 1), Argon2Standing.Current, 1)], after.Parameters);
        Assert.Equal(0, after.RehashPending);

        using var again = await SignInAsync(server, "ada@example.com");
        Assert.Equal(new Uri(server.BaseAddress, "/account"), again.CurrentUrl);
    }

    private static string NewPepper() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    /// <summary>A fresh browser on the sign-in page, after submitting it: on the home page when it worked.</summary>
    private static async Task<TestBrowser> SignInAsync(ConnexServer server, string email)
    {
        var browser = new TestBrowser();
        await browser.GetAsync(new Uri(server.BaseAddress, "account/signin"));
        await new SignInPage(browser).WithPasswordAsync(email, Password);
        return browser;
    }

    private static Task<string> StoredHashAsync(ConnexServer server, string email) =>
        server.WithServiceAsync(async services =>
            (await services.GetRequiredService<AccountService>().FindByEmailAsync(email, CancellationToken.None))!.PasswordHash!);

    private static Task<PasswordHashCensusReport> CensusAsync(ConnexServer server) =>
        server.WithServiceAsync(services => services.GetRequiredService<PasswordHashCensus>().TakeAsync(CancellationToken.None));
}
