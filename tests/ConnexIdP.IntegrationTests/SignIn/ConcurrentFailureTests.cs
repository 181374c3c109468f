using System.Globalization;
using System.Net;
using ConnexIdP.Core.Defence;
using ConnexIdP.Core.Security;
using ConnexIdP.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace ConnexIdP.IntegrationTests.SignIn;

/// <summary>
/// Failure counters under parallel attempts and several servers: every failure counted exactly once, no attempt slipping
/// past a limit, and two server processes on one PostgreSQL database counting together.
/// </summary>
public sealed class ConcurrentFailureTests
{
    private const string Email = "ada@example.com";
    private const string Password = "correct horse battery staple";

    // Room for fifty hashes of one email from one address at once, so the hashing gate never answers busy here.
    private static readonly Dictionary<string, string> RoomyGate = new()
    {
        ["Passwords:Hashing:PerAccountLimit"] = "50",
        ["Passwords:Hashing:PerSourceLimit"] = "0",
        ["Passwords:Hashing:QueueLimit"] = "100",
        ["Passwords:Hashing:MaxWait"] = "00:01:00",

        // All fifty come from one loopback address at one account: the rule that blocks such a source is not under test
        // here, and a block landing mid-burst would turn some answers into 403s and leave the counter short.
        ["SignInDefence:Rules:RepeatedGuessing:Enabled"] = "false",
    };

    [Theory]
    [InlineData(TestDatabase.Sqlite)]
    [InlineData(TestDatabase.PostgreSql)]
    public async Task Fifty_parallel_wrong_passwords_leave_the_counter_at_exactly_fifty(TestDatabase database)
    {
        // No delays and a lockout beyond fifty: every attempt is allowed, so every one must be counted.
        await using var server = await ConnexServer.StartAsync(database, settings: new Dictionary<string, string>(RoomyGate)
        {
            ["SignInDefence:BaseDelay"] = "00:00:00",
            ["SignInDefence:LockoutThreshold"] = "60",
        });
        await server.CreateAccountAsync(Email, Password);

        var statuses = await PostInParallelAsync(server, 50);

        Assert.Equal(Enumerable.Repeat(HttpStatusCode.Unauthorized, 50), statuses);
        Assert.Equal(50, (await CounterAsync(server))?.Failures);
        Assert.Equal(50, await CountEventsAsync(server, SecurityEventTypes.SignInFailed));
    }

    [Theory]
    [InlineData(TestDatabase.Sqlite)]
    [InlineData(TestDatabase.PostgreSql)]
    public async Task Of_fifty_parallel_attempts_only_the_one_the_backoff_allows_is_checked(TestDatabase database)
    {
        // A clock that stands still: the first failure's one-second delay must not run out while a loaded machine is
        // still working through the burst, or a second attempt would rightly be allowed.
        var clock = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        await using var server = await ConnexServer.StartAsync(database, clock, settings: RoomyGate);
        await server.CreateAccountAsync(Email, Password);

        var statuses = await PostInParallelAsync(server, 50);

        Assert.Equal(1, statuses.Count(s => s == HttpStatusCode.Unauthorized));
        Assert.Equal(49, statuses.Count(s => s == HttpStatusCode.TooManyRequests));
        Assert.Equal(1, (await CounterAsync(server))?.Failures);
        Assert.Equal(49, await CountEventsAsync(server, SecurityEventTypes.SignInRefused));
    }

    [Fact]
    public async Task Two_server_processes_on_one_postgresql_database_lock_the_account_at_the_tenth_failure_between_them()
    {
        var settings = new Dictionary<string, string>
        {
            ["Database:Provider"] = "PostgreSql",
            ["Database:ConnectionString"] = await PostgresServer.CreateDatabaseAsync(),
            ["Passwords:Pepper:Value"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),

            // Real clocks in child processes: no delays between failures, so only the lockout can refuse.
            ["SignInDefence:BaseDelay"] = "00:00:00",
        };
        await using var first = ServerProcess.Create(settings);
        await using var second = ServerProcess.Create(settings);
        await first.CreateAccountAsync(Email, Password);
        await first.StartAsync();
        await second.StartAsync();
        using var atFirst = new SignInDevice(first.BaseAddress);
        using var atSecond = new SignInDevice(second.BaseAddress);

        for (var k = 1; k <= 10; k++)
        {
            var answer = await (k % 2 == 1 ? atFirst : atSecond).SignInAsync(Email, "wrong " + k.ToString(CultureInfo.InvariantCulture));
            Assert.Equal(HttpStatusCode.Unauthorized, answer.Status);
        }

        foreach (var server in new[] { atFirst, atSecond })
        {
            var refused = await server.SignInAsync(Email, Password);
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.Status);
            Assert.InRange(refused.RetryAfterSeconds!.Value, 1790, 1800);
        }

        var locked = await first.WithCoreServicesAsync(async services =>
            (await services.GetRequiredService<SecurityEventReader>().QueryAsync(new SecurityEventQuery { Type = SecurityEventTypes.AccountLocked }, CancellationToken.None)).Events);
        Assert.Contains("failures=10; locked for 1800 s", Assert.Single(locked).Details, StringComparison.Ordinal);
    }

    private static async Task<HttpStatusCode[]> PostInParallelAsync(ConnexServer server, int count)
    {
        using var browser = new TestBrowser();
        await browser.GetAsync(new Uri(server.BaseAddress, "account/signin"));
        var (action, fields) = browser.ReadForm();
        using var http = server.CreateClient(browser.Cookies);
        var posts = Enumerable.Range(0, count).Select(async i =>
        {
            using var form = new FormUrlEncodedContent([.. fields, new("Email", Email), new("Password", "wrong " + i.ToString(CultureInfo.InvariantCulture))]);
            using var response = await http.PostAsync(action, form);
            return response.StatusCode;
        });
        return await Task.WhenAll(posts);
    }

    private static Task<FailureCounter?> CounterAsync(ConnexServer server) =>
        server.WithServiceAsync(services => services.GetRequiredService<FailureCounterStore>().ReadAsync(CounterKey.ForEmail(Factors.Password, Email), CancellationToken.None));

    private static async Task<int> CountEventsAsync(ConnexServer server, string type) =>
        (await server.WithServiceAsync(services => services.GetRequiredService<SecurityEventReader>()
            .QueryAsync(new SecurityEventQuery { Type = type, Limit = SecurityEventQuery.MaximumLimit }, CancellationToken.None))).Events.Count;
}
