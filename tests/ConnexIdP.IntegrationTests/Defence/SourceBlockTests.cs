using System.Net;
using ConnexIdP.Core.Credentials;
using ConnexIdP.Core.Security;
using ConnexIdP.Server.Hosting;
using ConnexIdP.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace ConnexIdP.IntegrationTests.Defence;

/// <summary>
/// Blocked sources are refused before any endpoint does work; the allowlist always passes; X-Forwarded-For counts only
/// from trusted proxies; and an attacker who sprays passwords over many accounts ends up blocked while real users sign in.
/// </summary>
public sealed class SourceBlockTests
{
    private const string Password = "correct horse battery staple";

    [Fact]
    public async Task A_blocked_source_gets_403_before_any_hashing_while_an_allowlisted_address_of_the_same_network_passes()
    {
        await using var scene = await SourceScene.StartAsync(new Dictionary<string, string>
        {
            ["SignInDefence:Allowlist:0"] = "198.51.100.10",
            ["Passwords:Hashing:MaxConcurrent"] = "1",
            ["Passwords:Hashing:QueueLimit"] = "0",
        });
        await scene.BlockAsync("198.51.100.0/24", TimeSpan.FromHours(1));

        // The only hashing slot is taken: any sign-in that reaches password hashing is answered 503 "busy".
        using var held = new HeldHash();
        var holding = scene.Server.Services.GetRequiredService<PasswordHashingGate>()
            .RunAsync(HashingPartition.For("operator@example.com", source: null), held.Run, CancellationToken.None);
        await held.Started;

        using var blocked = await scene.SignInAsync("198.51.100.20", "ada@example.com", Password);
        Assert.Equal(HttpStatusCode.Forbidden, blocked.StatusCode);
        Assert.Equal("text/plain; charset=utf-8", blocked.Content.Headers.ContentType?.ToString());
        Assert.Equal(SourceGate.BlockedMessage, await blocked.Content.ReadAsStringAsync());

        using var allowlisted = await scene.SignInAsync("198.51.100.10", "ada@example.com", Password);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, allowlisted.StatusCode);
        using var elsewhere = await scene.SignInAsync("192.0.2.1", "ada@example.com", Password);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, elsewhere.StatusCode);

        // Nothing else answers the blocked network either; the allowlisted address gets the discovery document.
        using var discovery = await scene.GetAsync("198.51.100.99", ".well-known/openid-configuration");
        Assert.Equal(HttpStatusCode.Forbidden, discovery.StatusCode);
        using var allowedDiscovery = await scene.GetAsync("198.51.100.10", ".well-known/openid-configuration");
        Assert.Equal(HttpStatusCode.OK, allowedDiscovery.StatusCode);

        held.Release();
        await holding;
    }

    [Fact]
    public async Task X_forwarded_for_is_ignored_unless_the_peer_is_a_trusted_proxy()
    {
        await using var scene = await SourceScene.StartAsync(trustLoopback: false);
        await scene.BlockAsync("198.51.100.0/24", TimeSpan.FromHours(1));

        using var response = await scene.GetAsync("198.51.100.20", ".well-known/openid-configuration");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData(TestDatabase.Sqlite)]
    [InlineData(TestDatabase.PostgreSql)]
    public async Task An_address_failing_on_many_accounts_ends_up_blocked_with_growing_durations_while_real_users_sign_in(TestDatabase database)
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero));
        await using var scene = await SourceScene.StartAsync(new Dictionary<string, string>
        {
            ["SignInDefence:Rules:PasswordSpraying:Threshold"] = "5",
        }, clock, database: database);
        for (var i = 1; i <= 6; i++)
        {
            await scene.Server.CreateAccountAsync($"user{i}@example.com", Password);
        }

        const string attacker = "203.0.113.66";
        for (var i = 1; i <= 5; i++)
        {
            using var guess = await scene.SignInAsync(attacker, $"user{i}@example.com", "Summer2026!");
            Assert.Equal(HttpStatusCode.Unauthorized, guess.StatusCode);
        }

        using var refused = await scene.SignInAsync(attacker, "user1@example.com", "Winter2026!");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        var block = Assert.Single(await scene.BlocksAsync());
        Assert.Equal("203.0.113.66/32", block.Network);
        Assert.Equal("rule:password-spraying", block.CreatedBy);
        Assert.Contains("5 distinct accounts", block.Reason, StringComparison.Ordinal);
        Assert.Equal(1, block.Offences);
        Assert.Equal(clock.GetUtcNow() + TimeSpan.FromMinutes(15), block.ExpiresAt);

        // The events tell the story: five failed sign-ins, the detection, the block, and the refusal.
        var story = (await scene.EventsAsync(attacker)).Reverse().Select(e => (e.Type, e.Severity)).ToList();
        Assert.Equal(
            [.. Enumerable.Repeat((SecurityEventTypes.SignInFailed, SecuritySeverity.Low), 5),
             (SecurityEventTypes.SourceDetection, SecuritySeverity.High),
             (SecurityEventTypes.SourceBlocked, SecuritySeverity.High),
             (SecurityEventTypes.SourceRefused, SecuritySeverity.Low)],
            story);
        var detail = (await scene.EventsAsync(attacker)).First(e => e.Type == SecurityEventTypes.SourceBlocked).Details;
        Assert.StartsWith("203.0.113.66/32 until ", detail, StringComparison.Ordinal);
        Assert.Contains("(offence 1) by rule:password-spraying", detail, StringComparison.Ordinal);

        // When the block ends the address is served again; the same attack again is blocked twice as long.
        clock.Advance(TimeSpan.FromMinutes(15));
        for (var i = 1; i <= 5; i++)
        {
            using var guess = await scene.SignInAsync(attacker, $"user{i}@example.com", "Autumn2026!");
            Assert.Equal(HttpStatusCode.Unauthorized, guess.StatusCode);
        }

        var repeat = Assert.Single(await scene.BlocksAsync());
        Assert.Equal(2, repeat.Offences);
        Assert.Equal(clock.GetUtcNow() + TimeSpan.FromMinutes(30), repeat.ExpiresAt);
        using var refusedAgain = await scene.GetAsync(attacker, "account/signin");
        Assert.Equal(HttpStatusCode.Forbidden, refusedAgain.StatusCode);

        // Meanwhile, real users sign in from elsewhere at once (the accounts the attacker tried are in their own backoff).
        using var realUser = await scene.SignInAsync("192.0.2.50", "user6@example.com", Password);
        Assert.Equal(HttpStatusCode.SeeOther, realUser.StatusCode);
    }

    [Fact]
    public async Task An_allowlisted_address_is_never_blocked_whatever_it_does()
    {
        await using var scene = await SourceScene.StartAsync(new Dictionary<string, string>
        {
            ["SignInDefence:Allowlist:0"] = "192.0.2.0/24",
            ["SignInDefence:Rules:PasswordSpraying:Threshold"] = "3",
            ["SignInDefence:Rules:ScannerProbes:Threshold"] = "2",
        });
        for (var i = 1; i <= 6; i++)
        {
            using var guess = await scene.SignInAsync("192.0.2.9", $"user{i}@example.com", "Summer2026!");
            Assert.Equal(HttpStatusCode.Unauthorized, guess.StatusCode);
            using var probe = await scene.GetAsync("192.0.2.9", "/.env");
            Assert.Equal(HttpStatusCode.NotFound, probe.StatusCode);
        }

        Assert.Empty(await scene.BlocksAsync());
    }

    [Fact]
    public async Task Scanner_probes_are_answered_404_and_block_the_address_at_the_threshold()
    {
        await using var scene = await SourceScene.StartAsync(new Dictionary<string, string>
        {
            ["SignInDefence:Rules:ScannerProbes:Threshold"] = "3",
        });
        foreach (var path in new[] { "/.env", "/wp-admin/install.php", "/.git/config" })
        {
            using var probe = await scene.GetAsync("203.0.113.80", path);
            Assert.Equal(HttpStatusCode.NotFound, probe.StatusCode);
        }

        using var after = await scene.GetAsync("203.0.113.80", ".well-known/openid-configuration");
        Assert.Equal(HttpStatusCode.Forbidden, after.StatusCode);
        var block = Assert.Single(await scene.BlocksAsync());
        Assert.Equal("rule:scanner-probes", block.CreatedBy);
        Assert.Contains("/.git", block.Reason, StringComparison.Ordinal);
    }
}
