using System.Net;
using ConnexIdP.Core.Accounts;
using ConnexIdP.Core.SecondFactors;
using ConnexIdP.Core.Security;
using ConnexIdP.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace ConnexIdP.IntegrationTests.Defence;

/// <summary>
/// The attack the sign-in defence is built for: a source guessing one account's password. The account's backoff slows
/// it, the owner's known device is not slowed, and the source, which keeps going, ends up blocked.
/// </summary>
public sealed class RepeatedGuessingTests
{
    private const string Email = "ada@example.com";
    private const string Password = "correct horse battery staple";
    private const string Attacker = "203.0.113.44";

    [Fact]
    public async Task A_source_hammering_one_account_is_blocked_while_the_owner_on_a_known_device_signs_in_at_once()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero));
        await using var scene = await SourceScene.StartAsync(new Dictionary<string, string>
        {
            ["SignInDefence:Rules:RepeatedGuessing:Threshold"] = "6",
        }, clock);
        await scene.Server.CreateAccountAsync(Email, Password);
        using var laptop = new SignInDevice(scene.Server.BaseAddress);
        Assert.True((await laptop.SignInAsync(Email, Password)).SignedIn);
        laptop.EndSession();

        // The attacker waits out the backoff twice; the account is then in backoff for anyone without the known device.
        for (var i = 1; i <= 3; i++)
        {
            using var guess = await scene.SignInAsync(Attacker, Email, $"Summer202{i}!");
            Assert.Equal(HttpStatusCode.Unauthorized, guess.StatusCode);
            if (i < 3)
            {
                clock.Advance(TimeSpan.FromSeconds(i)); // the backoff after one failure, then two
            }
        }

        using (var refused = await scene.SignInAsync(Attacker, Email, "Winter2026!"))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        }

        // In the middle of the attack the owner signs in at once from the laptop that knows the account.
        Assert.True((await laptop.SignInAsync(Email, Password)).SignedIn);

        // The attacker does not wait: its refusals count too, and the sixth attempt blocks its address.
        for (var i = 5; i <= 6; i++)
        {
            using var guess = await scene.SignInAsync(Attacker, Email, $"Autumn202{i}!");
            Assert.Equal(HttpStatusCode.TooManyRequests, guess.StatusCode);
        }

        using var blocked = await scene.SignInAsync(Attacker, Email, Password);
        Assert.Equal(HttpStatusCode.Forbidden, blocked.StatusCode);
        var block = Assert.Single(await scene.BlocksAsync());
        Assert.Equal("203.0.113.44/32", block.Network);
        Assert.Equal("rule:repeated-guessing", block.CreatedBy);
        Assert.Contains("6 times", block.Reason, StringComparison.Ordinal);

        // The events about the attacker's source tell the story in order.
        var story = (await scene.EventsAsync(Attacker)).Reverse().ToList();
        Assert.Equal(
            [SecurityEventTypes.SignInFailed, SecurityEventTypes.SignInFailed, SecurityEventTypes.SignInFailed,
             SecurityEventTypes.SignInRefused, SecurityEventTypes.SignInRefused, SecurityEventTypes.SignInRefused,
             SecurityEventTypes.SourceDetection, SecurityEventTypes.SourceBlocked, SecurityEventTypes.SourceRefused],
            story.Select(e => e.Type));
        Assert.StartsWith("repeated-guessing: 203.0.113.44 failed to sign in on one account 6 times", story[6].Details, StringComparison.Ordinal);
        Assert.Contains("by rule:repeated-guessing", story[7].Details, StringComparison.Ordinal);
        var account = story[0].AccountId;
        Assert.NotNull(account);
        Assert.All(story.Take(6), e => Assert.Equal(account, e.AccountId));

        // The owner's sign-in is in the account's story, from the laptop, as a known device.
        var owner = (await scene.EventsAsync("127.0.0.1")).Where(e => e.Type == SecurityEventTypes.SignInPasswordVerified).ToList();
        Assert.Equal(2, owner.Count);
        Assert.Contains("counter=known device", owner[0].Details, StringComparison.Ordinal);
        Assert.All(owner, e => Assert.Equal(account, e.AccountId));
    }

    [Fact]
    public async Task A_source_that_has_the_password_and_guesses_the_second_factor_is_blocked_on_the_same_count()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero));
        await using var scene = await SourceScene.StartAsync(new Dictionary<string, string>
        {
            ["SignInDefence:Rules:RepeatedGuessing:Threshold"] = "4",
        }, clock);
        await scene.Server.CreateAccountAsync(Email, Password);
        await scene.Server.WithServiceAsync(async services =>
        {
            var account = await services.GetRequiredService<AccountService>().FindByEmailAsync(Email, CancellationToken.None);
            return await services.GetRequiredService<SecondFactorService>().AddAuthenticatorForAccountAsync(account!, "Phone", "test", CancellationToken.None);
        });
        using var attacker = new TestBrowser();
        await attacker.GetAsync(new Uri(scene.Server.BaseAddress, "account/signin"));
        var (signIn, fields) = attacker.ReadForm();

        // One wrong password, then the right one (it leaked): the attacker reaches the code page.
        using (await attacker.NavigateAsync(From(Attacker, signIn, [.. fields, new("Email", Email), new("Password", "Summer2026!")]))) { }
        Assert.Equal(HttpStatusCode.Unauthorized, attacker.LastStatus);
        clock.Advance(TimeSpan.FromSeconds(1));
        using (await attacker.NavigateAsync(From(Attacker, signIn, [.. fields, new("Email", Email), new("Password", Password)]))) { }
        Assert.Equal("/account/signin/second-factor", attacker.CurrentUrl!.AbsolutePath);

        // Guessed codes count with the wrong password on the same account: the third makes four, and the address is blocked.
        var (codePage, codeFields) = attacker.ReadForm();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            using var guess = await attacker.NavigateAsync(From(Attacker, codePage, [.. codeFields.Where(f => f.Key != "Code"), new("Code", "000000")]));
            statuses.Add(guess.StatusCode);
        }

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
        var block = Assert.Single(await scene.BlocksAsync());
        Assert.Equal("203.0.113.44/32", block.Network);
        Assert.Equal("rule:repeated-guessing", block.CreatedBy);
        using var blocked = await scene.GetAsync(Attacker, "/account/signin");
        Assert.Equal(HttpStatusCode.Forbidden, blocked.StatusCode);
    }

    private static HttpRequestMessage From(string source, Uri action, IEnumerable<KeyValuePair<string, string>> form)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, action) { Content = new FormUrlEncodedContent(form) };
        request.Headers.Add("X-Forwarded-For", source);
        return request;
    }
}
