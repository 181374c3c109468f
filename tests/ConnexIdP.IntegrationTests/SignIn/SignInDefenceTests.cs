using System.Net;
using System.Text.RegularExpressions;
using ConnexIdP.Core.Accounts;
using ConnexIdP.Core.Security;
using ConnexIdP.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace ConnexIdP.IntegrationTests.SignIn;

/// <summary>
/// Backoff and lockout as a person and an attacker meet them on the sign-in page, on a fake clock: the exact delays,
/// the lockouts, the administrator's unlock, unknown emails treated alike, and the owner's known device left alone.
/// </summary>
public sealed partial class SignInDefenceTests
{
    private const string Email = "ada@example.com";
    private const string Password = "correct horse battery staple";
    private const string Wrong = "not the password";

    [Fact]
    public async Task Failures_wait_one_second_doubling_the_tenth_locks_for_thirty_minutes_and_a_success_starts_again()
    {
        await using var scene = await Scene.StartAsync();
        using var browser = scene.Device();

        for (var k = 1; k <= 9; k++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await browser.SignInAsync(Email, Wrong)).Status);
            var wait = 1 << (k - 1);
            await AssertRefusedAsync(browser, wait);

            // Not a moment before the delay is over; no hashing meanwhile, so the right password is refused alike.
            scene.Clock.Advance(TimeSpan.FromSeconds(wait) - TimeSpan.FromMilliseconds(1));
            var early = await browser.SignInAsync(Email, Password);
            Assert.Equal((HttpStatusCode.TooManyRequests, 1), (early.Status, early.RetryAfterSeconds));
            scene.Clock.Advance(TimeSpan.FromMilliseconds(1));
        }

        // The tenth failure locks for 30 minutes; the eleventh, after it, waits the largest delay (15 minutes).
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.SignInAsync(Email, Wrong)).Status);
        await AssertRefusedAsync(browser, 1800);
        scene.Clock.Advance(TimeSpan.FromMinutes(30));
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.SignInAsync(Email, Wrong)).Status);
        await AssertRefusedAsync(browser, 900);
        scene.Clock.Advance(TimeSpan.FromMinutes(15));

        Assert.True((await browser.SignInAsync(Email, Password)).SignedIn);
        browser.EndSession();
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.SignInAsync(Email, Wrong)).Status);
        await AssertRefusedAsync(browser, 1);

        var events = await scene.EventsAsync();
        Assert.Equal(12, events.Count(e => e.Type == SecurityEventTypes.SignInFailed));
        // Two refusals after each of the first nine failures, then one after the tenth, the eleventh and the one after the success.
        Assert.Equal((2 * 9) + 3, events.Count(e => e.Type == SecurityEventTypes.SignInRefused && e.Details!.Contains("retry after", StringComparison.Ordinal)));
        var locked = Assert.Single(events, e => e.Type == SecurityEventTypes.AccountLocked);
        Assert.Equal((SecuritySeverity.Medium, scene.Account.Id), (locked.Severity, locked.AccountId));
        Assert.Contains("failures=10; locked for 1800 s", locked.Details, StringComparison.Ordinal);
        Assert.Equal("amr=pwd", Assert.Single(events, e => e.Type == SecurityEventTypes.SignInSucceeded).Details);
        Assert.Single(events, e => e.Type == SecurityEventTypes.SignInPasswordVerified);
        Assert.All(events, e => Assert.DoesNotContain(Wrong, e.Details ?? string.Empty, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Lockouts_double_up_to_a_day_and_the_hundredth_failure_holds_until_an_administrator_unlocks()
    {
        await using var scene = await Scene.StartAsync();
        using var browser = scene.Device();
        var lockouts = new List<int>();

        for (var k = 1; k < 100; k++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await browser.SignInAsync(Email, Wrong)).Status);
            var refused = await browser.SignInAsync(Email, Wrong);
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.Status);
            if (k % 10 == 0)
            {
                lockouts.Add(refused.RetryAfterSeconds!.Value);
            }

            scene.Clock.Advance(TimeSpan.FromSeconds(refused.RetryAfterSeconds!.Value));
        }

        Assert.Equal([1800, 3600, 7200, 14400, 28800, 57600, 86400, 86400, 86400], lockouts);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.SignInAsync(Email, Wrong)).Status);

        // The hundredth: no date to come back, whatever time passes, even with the right password.
        scene.Clock.Advance(TimeSpan.FromDays(30));
        var held = await browser.SignInAsync(Email, Password);
        Assert.Equal((HttpStatusCode.TooManyRequests, (int?)null), (held.Status, held.RetryAfterSeconds));
        Assert.Contains("until an administrator unlocks it", held.Message, StringComparison.Ordinal);

        var (result, cleared) = await scene.Server.WithServiceAsync(services =>
            services.GetRequiredService<AccountService>().UnlockAsync(Email, "test", SecurityEventContext.None, CancellationToken.None));
        Assert.True(result.Succeeded);
        Assert.Equal(1, cleared);
        Assert.True((await browser.SignInAsync(Email, Password)).SignedIn);

        var events = await scene.EventsAsync();
        var locks = events.Where(e => e.Type == SecurityEventTypes.AccountLocked).ToList();
        Assert.Equal(10, locks.Count);
        Assert.Equal(SecuritySeverity.Medium, locks[0].Severity);
        Assert.Equal(SecuritySeverity.High, locks[^1].Severity);
        Assert.Contains("failures=100; locked until an administrator unlocks", locks[^1].Details, StringComparison.Ordinal);
        Assert.Single(events, e => e.Type == SecurityEventTypes.AccountUnlocked && e.AccountId == scene.Account.Id);
    }

    [Fact]
    public async Task An_unknown_email_meets_exactly_the_same_delays_lockout_messages_and_pages_as_an_account()
    {
        await using var scene = await Scene.StartAsync();
        using var browser = scene.Device();
        const string Nobody = "nobody@example.com";

        for (var k = 1; k <= 11; k++)
        {
            var known = await browser.SignInAsync(Email, Wrong);
            var unknown = await browser.SignInAsync(Nobody, Wrong);
            Assert.Equal(Comparable(known, Email), Comparable(unknown, Nobody));

            var knownRefused = await browser.SignInAsync(Email, Wrong);
            var unknownRefused = await browser.SignInAsync(Nobody, Wrong);
            Assert.Equal(HttpStatusCode.TooManyRequests, knownRefused.Status);
            Assert.Equal(Comparable(knownRefused, Email), Comparable(unknownRefused, Nobody));
            scene.Clock.Advance(TimeSpan.FromSeconds(knownRefused.RetryAfterSeconds!.Value));
        }
    }

    [Fact]
    public async Task The_owner_signs_in_from_a_known_device_at_once_while_the_attacker_is_locked_out()
    {
        await using var scene = await Scene.StartAsync();
        using var laptop = scene.Device();
        using var attacker = scene.Device();

        Assert.True((await laptop.SignInAsync(Email, Password)).SignedIn);
        var device = laptop.DeviceCookie;
        Assert.NotNull(device);
        Assert.True(device.HttpOnly && device.Secure && device.Path == "/" && device.Expires > scene.Clock.GetUtcNow().AddDays(300).UtcDateTime);
        laptop.EndSession();

        for (var k = 1; k <= 10; k++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await attacker.SignInAsync(Email, Wrong)).Status);
            var refused = await attacker.SignInAsync(Email, Password);
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.Status);
            if (k < 10)
            {
                scene.Clock.Advance(TimeSpan.FromSeconds(refused.RetryAfterSeconds!.Value));
            }
        }

        // The attacker is locked out for 30 minutes; the owner, even after a typo of their own, is not.
        Assert.Equal(1800, (await attacker.SignInAsync(Email, Password)).RetryAfterSeconds);
        Assert.Equal(HttpStatusCode.Unauthorized, (await laptop.SignInAsync(Email, "correct horse battery stapel")).Status);
        scene.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.True((await laptop.SignInAsync(Email, Password)).SignedIn);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await attacker.SignInAsync(Email, Password)).Status);

        var events = await scene.EventsAsync();
        var successes = events.Where(e => e.Type == SecurityEventTypes.SignInPasswordVerified).ToList();
        Assert.Equal(2, successes.Count);
        Assert.Contains("counter=account", successes[0].Details, StringComparison.Ordinal);
        Assert.Contains("counter=known device", successes[1].Details, StringComparison.Ordinal);
        Assert.Single(events, e => e.Type == SecurityEventTypes.AccountLocked && e.Details!.Contains("counter=account", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_forged_or_foreign_device_cookie_counts_on_the_account_counter()
    {
        await using var scene = await Scene.StartAsync();
        await scene.Server.CreateAccountAsync("grace@example.com", Password);
        using var browser = scene.Device();
        Assert.True((await browser.SignInAsync("grace@example.com", Password)).SignedIn);
        browser.EndSession();

        // A known device of Grace's account is nobody's known device for Ada's.
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.SignInAsync(Email, Wrong)).Status);
        using var other = scene.Device();
        Assert.Equal(HttpStatusCode.TooManyRequests, (await other.SignInAsync(Email, Password)).Status);

        browser.Browser.Cookies.Add(scene.Server.BaseAddress, new Cookie(SignInDevice.DeviceCookieName, "CfDJ8forged") { Secure = true, Path = "/" });
        Assert.Equal(HttpStatusCode.TooManyRequests, (await browser.SignInAsync(Email, Password)).Status);
    }

    private static async Task AssertRefusedAsync(SignInDevice browser, int seconds)
    {
        var refused = await browser.SignInAsync(Email, Password);
        Assert.Equal((HttpStatusCode.TooManyRequests, (int?)seconds), (refused.Status, refused.RetryAfterSeconds));
        Assert.Equal(seconds == 1 ? "Too many failed attempts. Try again in 1 second." : $"Too many failed attempts. Try again in {seconds} seconds.", refused.Message);
    }

    // The page as anyone would see it: without its fresh antiforgery token and the email typed.
    private static (HttpStatusCode, int?, string?, string) Comparable(SignInAnswer answer, string email) =>
        (answer.Status, answer.RetryAfterSeconds, answer.Message, AntiforgeryValue().Replace(answer.Body, "value=\"…\"").Replace(email, "EMAIL", StringComparison.Ordinal));

    [GeneratedRegex("value=\"CfDJ8[^\"]*\"")]
    private static partial Regex AntiforgeryValue();

    private sealed class Scene : IAsyncDisposable
    {
        private Scene(ConnexServer server, FakeTimeProvider clock, Account account)
        {
            Server = server;
            Clock = clock;
            Account = account;
        }

        public ConnexServer Server { get; }

        public FakeTimeProvider Clock { get; }

        public Account Account { get; }

        public static async Task<Scene> StartAsync()
        {
            var clock = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
            // Every device of these tests is the same loopback source: the account counters are under test here, not
            // the rule that blocks one source hammering one account (Defence/RepeatedGuessingTests).
            var server = await ConnexServer.StartAsync(clock: clock, settings: new Dictionary<string, string>
            {
                ["SignInDefence:Rules:RepeatedGuessing:Enabled"] = "false",
            });
            return new Scene(server, clock, await server.CreateAccountAsync(Email, Password));
        }

        public SignInDevice Device() => new(Server.BaseAddress);

        public async Task<IReadOnlyList<SecurityEvent>> EventsAsync()
        {
            var page = await Server.WithServiceAsync(services =>
                services.GetRequiredService<SecurityEventReader>().QueryAsync(new SecurityEventQuery { Limit = SecurityEventQuery.MaximumLimit }, CancellationToken.None));
            return [.. page.Events.Reverse()];
        }

        public ValueTask DisposeAsync() => Server.DisposeAsync();
    }
}
