using System.Net;
using ConnexIdP.Core.Credentials;
using ConnexIdP.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace ConnexIdP.Tests.Credentials;

/// <summary>The gate in front of every Argon2 computation: bounded, fair, and quick to say "busy".</summary>
public sealed class PasswordHashingGateTests
{
    private static readonly IPAddress Home = IPAddress.Parse("192.0.2.1");
    private static readonly IPAddress Elsewhere = IPAddress.Parse("198.51.100.7");

    [Fact]
    public async Task Hashes_never_run_more_at_once_than_the_bound()
    {
        using var gate = Gate(concurrent: 2, queue: 100);
        var running = 0;
        var most = 0;
        var bothSlotsTaken = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var release = new SemaphoreSlim(0);
        string Work()
        {
            var now = Interlocked.Increment(ref running);
            InterlockedMax(ref most, now);
            if (now == 2)
            {
                bothSlotsTaken.TrySetResult();
            }

            release.Wait();
            Interlocked.Decrement(ref running);
            return "hash";
        }

        var hashes = Enumerable.Range(0, 20).Select(i => gate.RunAsync(Partition($"user{i}@example.com"), Work, CancellationToken.None)).ToList();
        await bothSlotsTaken.Task;
        Assert.Equal(2, Volatile.Read(ref running));
        Assert.DoesNotContain(hashes, h => h.IsCompleted);

        release.Release(20);
        var outcomes = await Task.WhenAll(hashes);

        Assert.All(outcomes, o => Assert.Equal("hash", o.Value));
        Assert.Equal(2, most);
    }

    [Fact]
    public async Task Hashes_beyond_the_waiting_places_are_told_busy_at_once()
    {
        using var gate = Gate(concurrent: 1, queue: 2);
        using var held = new HeldHash();
        var first = await HoldAsync(gate, held, "a@example.com");
        var waiting = new[] { "b@example.com", "c@example.com" }.Select(e => HashAsync(gate, e)).ToList();

        var turnedAway = HashAsync(gate, "d@example.com");

        Assert.True(turnedAway.IsCompletedSuccessfully);
        Assert.Equal(HashingRefusal.QueueFull, (await turnedAway).Busy?.Reason);
        Assert.All(waiting, w => Assert.False(w.IsCompleted));
        held.Release();
        Assert.Equal("hash", (await first).Value);
        Assert.All(await Task.WhenAll(waiting), o => Assert.Null(o.Busy));
    }

    [Fact]
    public async Task A_storm_on_one_email_is_turned_away_while_other_emails_still_get_a_place()
    {
        using var gate = Gate(concurrent: 1, queue: 10, perAccount: 2);
        using var held = new HeldHash();
        var running = await HoldAsync(gate, held, "ada@example.com");
        var waiting = HashAsync(gate, "ada@example.com");

        var storm = await HashAsync(gate, "ada@example.com");
        var someoneElse = HashAsync(gate, "bob@example.com");

        Assert.Equal(HashingRefusal.PartitionFull, storm.Busy?.Reason);
        Assert.False(someoneElse.IsCompleted);
        held.Release();
        await Task.WhenAll(running, waiting, someoneElse);
        Assert.Null((await someoneElse).Busy);
        Assert.Null((await HashAsync(gate, "ada@example.com")).Busy);
    }

    [Fact]
    public async Task A_storm_from_one_address_is_turned_away_while_other_addresses_still_get_a_place()
    {
        using var gate = Gate(concurrent: 1, queue: 10, perSource: 2);
        using var held = new HeldHash();
        var running = await HoldAsync(gate, held, "a@example.com", Home);
        var waiting = HashAsync(gate, "b@example.com", Home);

        var storm = await HashAsync(gate, "c@example.com", Home);
        var someoneElse = HashAsync(gate, "d@example.com", Elsewhere);

        Assert.Equal(HashingRefusal.PartitionFull, storm.Busy?.Reason);
        Assert.False(someoneElse.IsCompleted);
        held.Release();
        await Task.WhenAll(running, waiting, someoneElse);
        Assert.Null((await someoneElse).Busy);
    }

    [Fact]
    public async Task A_hash_that_waits_longer_than_allowed_is_told_busy_and_frees_its_place()
    {
        var clock = new FakeTimeProvider();
        using var gate = Gate(concurrent: 1, queue: 1, maxWait: TimeSpan.FromSeconds(3), clock: clock);
        using var held = new HeldHash();
        var running = await HoldAsync(gate, held, "a@example.com");
        var waiting = HashAsync(gate, "b@example.com");

        clock.Advance(TimeSpan.FromSeconds(2));
        Assert.False(waiting.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(HashingRefusal.WaitTimedOut, (await waiting).Busy?.Reason);
        var next = HashAsync(gate, "c@example.com");
        Assert.False(next.IsCompleted);
        held.Release();
        Assert.Null((await next).Busy);
        await running;
    }

    [Fact]
    public async Task Cancelling_a_waiting_hash_gives_its_place_back()
    {
        using var gate = Gate(concurrent: 1, queue: 1, perAccount: 1);
        using var held = new HeldHash();
        var running = await HoldAsync(gate, held, "bob@example.com");
        using var leaving = new CancellationTokenSource();
        var waiting = HashAsync(gate, "ada@example.com", cancellationToken: leaving.Token);
        Assert.Equal(HashingRefusal.QueueFull, (await HashAsync(gate, "carol@example.com")).Busy?.Reason);

        await leaving.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        var again = HashAsync(gate, "ada@example.com");
        Assert.False(again.IsCompleted);
        held.Release();
        Assert.Equal("hash", (await again).Value);
        await running;
    }

    [Fact]
    public async Task A_hash_that_throws_gives_its_slot_and_places_back()
    {
        using var gate = Gate(concurrent: 1, queue: 0, perAccount: 1, perSource: 1);

        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            gate.RunAsync<string>(Partition("ada@example.com", Home), () => throw new InvalidOperationException("broken"), CancellationToken.None));

        var after = await HashAsync(gate, "ada@example.com", Home);
        Assert.Equal("hash", after.Value);
    }

    [Fact]
    public async Task A_busy_answer_estimates_when_the_hashes_ahead_will_be_done()
    {
        var clock = new FakeTimeProvider();
        using var gate = Gate(concurrent: 1, queue: 1, clock: clock);
        await gate.RunAsync(Partition("a@example.com"), () => { clock.Advance(TimeSpan.FromSeconds(2)); return "hash"; }, CancellationToken.None);
        using var held = new HeldHash();
        var running = await HoldAsync(gate, held, "b@example.com");
        var waiting = HashAsync(gate, "c@example.com");

        var busy = (await HashAsync(gate, "d@example.com")).Busy;

        // Two hashes ahead (one running, one waiting) on one slot, at two seconds each.
        Assert.Equal(4, busy?.RetryAfterSeconds);
        Assert.Equal("The service is busy; try again in 4 seconds.", busy?.Message);
        held.Release();
        await Task.WhenAll(running, waiting);
    }

    [Fact]
    public async Task A_busy_answer_asks_for_at_least_a_second()
    {
        using var gate = Gate(concurrent: 1, queue: 0);
        using var held = new HeldHash();
        var running = await HoldAsync(gate, held, "a@example.com");

        var busy = (await HashAsync(gate, "b@example.com")).Busy;

        Assert.Equal(1, busy?.RetryAfterSeconds);
        Assert.Equal("The service is busy; try again in 1 second.", busy?.Message);
        held.Release();
        await running;
    }

    [Fact]
    public async Task Busy_answers_are_logged_counted_not_one_line_each()
    {
        var clock = new FakeTimeProvider();
        var log = new LogLines();
        using var gate = new PasswordHashingGate(Options.Create(new PasswordHashingGateOptions { MaxConcurrent = 1, QueueLimit = 0 }), clock, log);
        using var held = new HeldHash();
        var running = await HoldAsync(gate, held, "a@example.com");
        async Task RefuseAsync(int times)
        {
            for (var i = 0; i < times; i++)
            {
                Assert.NotNull((await HashAsync(gate, $"storm{i}@example.com")).Busy);
            }
        }

        await RefuseAsync(50);
        clock.Advance(TimeSpan.FromSeconds(10));
        await RefuseAsync(1);

        var lines = log.Warnings;
        Assert.Equal(2, lines.Count);
        Assert.StartsWith("Password hashing at capacity: 1 request(s) answered busy", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("Password hashing at capacity: 50 request(s) answered busy", lines[1], StringComparison.Ordinal);
        Assert.DoesNotContain(lines, l => l.Contains("storm", StringComparison.Ordinal));
        held.Release();
        await running;
    }

    [Fact]
    public void An_email_counts_the_same_whether_or_not_it_has_an_account_and_unreadable_ones_share_a_partition()
    {
        Assert.Equal(HashingPartition.For("ada@example.com", null), HashingPartition.For("ada@example.com", null));
        Assert.Equal(HashingPartition.For(null, null), HashingPartition.For(null, null));
        Assert.NotEqual(HashingPartition.For(null, null).Account, HashingPartition.For("ada@example.com", null).Account);
    }

    [Fact]
    public void Addresses_count_as_the_client_holds_them_an_IPv6_client_by_its_64()
    {
        Assert.Equal(Source("2001:db8:1:2::1"), Source("2001:db8:1:2:ffff:ffff:ffff:ffff"));
        Assert.NotEqual(Source("2001:db8:1:2::1"), Source("2001:db8:1:3::1"));
        Assert.Equal(Source("192.0.2.1"), Source("::ffff:192.0.2.1"));
        Assert.NotEqual(Source("192.0.2.1"), Source("192.0.2.2"));
        Assert.Null(HashingPartition.For("ada@example.com", null).Source);

        static string? Source(string address) => HashingPartition.For("ada@example.com", IPAddress.Parse(address)).Source;
    }

    private static PasswordHashingGate Gate(
        int concurrent, int queue, int perAccount = 100, int perSource = 0, TimeSpan? maxWait = null, TimeProvider? clock = null) =>
        new(Options.Create(new PasswordHashingGateOptions
        {
            MaxConcurrent = concurrent,
            QueueLimit = queue,
            PerAccountLimit = perAccount,
            PerSourceLimit = perSource,
            MaxWait = maxWait ?? TimeSpan.FromMinutes(1),
        }), clock ?? TimeProvider.System, NullLogger<PasswordHashingGate>.Instance);

    private static HashingPartition Partition(string email, IPAddress? source = null) => HashingPartition.For(email, source);

    private static Task<HashingOutcome<string>> HashAsync(PasswordHashingGate gate, string email, IPAddress? source = null, CancellationToken cancellationToken = default) =>
        gate.RunAsync(Partition(email, source), () => "hash", cancellationToken);

    // Starts a hash that holds its slot until released, and returns once it is running.
    private static async Task<Task<HashingOutcome<string>>> HoldAsync(PasswordHashingGate gate, HeldHash held, string email, IPAddress? source = null)
    {
        var running = gate.RunAsync(Partition(email, source), held.Run, CancellationToken.None);
        await held.Started;
        return running;
    }

    private static void InterlockedMax(ref int target, int value)
    {
        for (var seen = Volatile.Read(ref target); value > seen; seen = Volatile.Read(ref target))
        {
            if (Interlocked.CompareExchange(ref target, value, seen) == seen)
            {
                return;
            }
        }
    }

    private sealed class LogLines : ILogger<PasswordHashingGate>
    {
        private readonly List<string> _warnings = [];

        public List<string> Warnings
        {
            get
            {
                lock (_warnings)
                {
                    return [.. _warnings];
                }
            }
        }

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel == LogLevel.Warning)
            {
                lock (_warnings)
                {
                    _warnings.Add(formatter(state, exception));
                }
            }
        }
    }
}
