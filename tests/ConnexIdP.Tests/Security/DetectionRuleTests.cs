using System.Net;
using ConnexIdP.Core.Security.Detection;

namespace ConnexIdP.Tests.Security;

/// <summary>Each detection rule fires at its threshold, within its window only, on the source it is about, and once per threshold.</summary>
public sealed class DetectionRuleTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly IPAddress Attacker = IPAddress.Parse("203.0.113.7");

    private static ThresholdOptions Limit(int threshold, int minutes) => new() { Threshold = threshold, Window = TimeSpan.FromMinutes(minutes) };

    private static SourceObservation Failed(IPAddress source, string account) => new(ObservationKind.PasswordFailed, source, account);

    private static SourceObservation Refused(IPAddress source, string account) => new(ObservationKind.PasswordRefused, source, account);

    private static SourceObservation Succeeded(IPAddress source, string account) => new(ObservationKind.PasswordSucceeded, source, account);

    [Fact]
    public void Password_spraying_fires_when_one_address_fails_on_the_threshold_of_distinct_accounts()
    {
        var rule = new PasswordSprayingRule(Limit(5, 10), 1000);

        // The same account again and again is not spraying (the account's own backoff deals with it).
        for (var i = 0; i < 20; i++)
        {
            Assert.Null(rule.Observe(Failed(Attacker, "victim@example.com"), Start.AddSeconds(i)));
        }

        for (var i = 1; i <= 3; i++)
        {
            Assert.Null(rule.Observe(Failed(Attacker, $"user{i}@example.com"), Start.AddSeconds(30 + i)));
        }

        var detection = rule.Observe(Failed(Attacker, "user4@example.com"), Start.AddSeconds(40));
        Assert.NotNull(detection);
        Assert.Equal("password-spraying", detection.Rule);
        Assert.Equal(DetectionSeverity.High, detection.Severity);
        Assert.Equal(IPNetwork.Parse("203.0.113.7/32"), detection.Source);

        // The count starts again after it fired.
        Assert.Null(rule.Observe(Failed(Attacker, "user5@example.com"), Start.AddSeconds(41)));
    }

    [Fact]
    public void Password_spraying_forgets_failures_older_than_its_window_and_ignores_successes()
    {
        var rule = new PasswordSprayingRule(Limit(3, 10), 1000);
        Assert.Null(rule.Observe(Failed(Attacker, "a@example.com"), Start));
        Assert.Null(rule.Observe(Failed(Attacker, "b@example.com"), Start.AddMinutes(1)));
        Assert.Null(rule.Observe(Succeeded(Attacker, "c@example.com"), Start.AddMinutes(2)));
        Assert.Null(rule.Observe(Failed(Attacker, "c@example.com"), Start.AddMinutes(10.5)));
        Assert.NotNull(rule.Observe(Failed(Attacker, "d@example.com"), Start.AddMinutes(10.75)));
    }

    [Fact]
    public void Repeated_guessing_blocks_one_address_failing_or_refused_on_one_account_at_the_threshold()
    {
        var rule = new RepeatedGuessingRule(Limit(4, 15), 1000);
        var other = IPAddress.Parse("192.0.2.10");

        // Another address on the same account, the same address on another account, and successes are counted apart or not at all.
        Assert.Null(rule.Observe(Failed(other, "victim@example.com"), Start));
        Assert.Null(rule.Observe(Failed(Attacker, "someone@example.com"), Start));
        Assert.Null(rule.Observe(Succeeded(Attacker, "victim@example.com"), Start));

        Assert.Null(rule.Observe(Failed(Attacker, "victim@example.com"), Start.AddSeconds(1)));
        Assert.Null(rule.Observe(Refused(Attacker, "victim@example.com"), Start.AddSeconds(2)));
        Assert.Null(rule.Observe(Refused(Attacker, "victim@example.com"), Start.AddSeconds(3)));
        var detection = rule.Observe(Refused(Attacker, "victim@example.com"), Start.AddSeconds(4));

        Assert.NotNull(detection);
        Assert.Equal("repeated-guessing", detection.Rule);
        Assert.Equal(DetectionSeverity.High, detection.Severity);
        Assert.Equal(IPNetwork.Parse("203.0.113.7/32"), detection.Source);
        Assert.Equal("victim@example.com", detection.Account);
        Assert.Contains("4 times", detection.Description, StringComparison.Ordinal);
        Assert.Contains("3 refused by its backoff", detection.Description, StringComparison.Ordinal);

        // The count starts again after it fired.
        Assert.Null(rule.Observe(Failed(Attacker, "victim@example.com"), Start.AddSeconds(5)));
    }

    [Fact]
    public void Repeated_guessing_counts_second_factor_guesses_with_password_guesses_on_the_same_account()
    {
        var rule = new RepeatedGuessingRule(Limit(3, 15), 1000);
        Assert.Null(rule.Observe(Failed(Attacker, "victim@example.com"), Start));
        Assert.Null(rule.Observe(new SourceObservation(ObservationKind.SecondFactorFailed, Attacker, "victim@example.com"), Start.AddSeconds(1)));
        var detection = rule.Observe(new SourceObservation(ObservationKind.SecondFactorRefused, Attacker, "victim@example.com"), Start.AddSeconds(2));

        Assert.NotNull(detection);
        Assert.Contains("3 times", detection.Description, StringComparison.Ordinal);
        Assert.Contains("1 refused by its backoff", detection.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Repeated_guessing_forgets_attempts_older_than_its_window()
    {
        var rule = new RepeatedGuessingRule(Limit(3, 15), 1000);
        Assert.Null(rule.Observe(Failed(Attacker, "victim@example.com"), Start));
        Assert.Null(rule.Observe(Refused(Attacker, "victim@example.com"), Start.AddMinutes(1)));
        Assert.Null(rule.Observe(Refused(Attacker, "victim@example.com"), Start.AddMinutes(15.5)));
        Assert.NotNull(rule.Observe(Refused(Attacker, "victim@example.com"), Start.AddMinutes(15.75)));
    }

    [Fact]
    public void Credential_stuffing_fires_on_a_network_trying_many_accounts_with_nearly_every_attempt_failing()
    {
        var rule = new CredentialStuffingRule(new CredentialStuffingOptions { Threshold = 10, Window = TimeSpan.FromMinutes(15), FailureRatio = 0.9 }, 1000);
        Detection? detection = null;

        // Several addresses of one /24, each below any per-address limit.
        for (var i = 0; i < 10 && detection is null; i++)
        {
            detection = rule.Observe(Failed(IPAddress.Parse($"198.51.100.{i % 4 + 1}"), $"user{i}@example.com"), Start.AddSeconds(i));
        }

        Assert.NotNull(detection);
        Assert.Equal("credential-stuffing", detection.Rule);
        Assert.Equal(DetectionSeverity.High, detection.Severity);
        Assert.Equal(IPNetwork.Parse("198.51.100.0/24"), detection.Source);
    }

    [Fact]
    public void Credential_stuffing_leaves_a_shared_network_alone_while_most_of_its_sign_ins_succeed()
    {
        var rule = new CredentialStuffingRule(new CredentialStuffingOptions { Threshold = 10, Window = TimeSpan.FromMinutes(15), FailureRatio = 0.9 }, 1000);
        for (var i = 0; i < 60; i++)
        {
            var source = IPAddress.Parse($"192.0.2.{i % 50 + 1}");
            var observation = i % 3 == 0 ? Failed(source, $"user{i}@example.com") : Succeeded(source, $"user{i}@example.com");
            Assert.Null(rule.Observe(observation, Start.AddSeconds(i)));
        }
    }

    [Fact]
    public void Distributed_guessing_reports_one_account_failing_from_many_networks_without_blocking_any()
    {
        var rule = new DistributedGuessingRule(Limit(4, 30), 1000);

        // Many addresses of one /64 count as one network.
        for (var i = 1; i <= 10; i++)
        {
            Assert.Null(rule.Observe(Failed(IPAddress.Parse($"2001:db8:1:2::{i:x}"), "victim@example.com"), Start.AddSeconds(i)));
        }

        Assert.Null(rule.Observe(Failed(IPAddress.Parse("203.0.113.1"), "victim@example.com"), Start.AddSeconds(20)));
        Assert.Null(rule.Observe(Failed(IPAddress.Parse("198.51.100.1"), "victim@example.com"), Start.AddSeconds(21)));
        var detection = rule.Observe(Failed(IPAddress.Parse("192.0.2.1"), "victim@example.com"), Start.AddSeconds(22));

        Assert.NotNull(detection);
        Assert.Equal(DetectionSeverity.Medium, detection.Severity);
        Assert.Equal("victim@example.com", detection.Account);
        Assert.Contains("4 distinct networks", detection.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Client_secret_guessing_fires_on_repeated_failed_client_authentication_from_one_address()
    {
        var rule = new ClientSecretGuessingRule(Limit(5, 5), 1000);
        for (var i = 0; i < 4; i++)
        {
            Assert.Null(rule.Observe(new SourceObservation(ObservationKind.ClientAuthenticationFailed, Attacker, ClientId: $"client{i % 2}"), Start.AddSeconds(i)));

            // Other addresses have their own count.
            Assert.Null(rule.Observe(new SourceObservation(ObservationKind.ClientAuthenticationFailed, IPAddress.Parse($"203.0.113.{100 + i}"), ClientId: "client0"), Start.AddSeconds(i)));
        }

        var detection = rule.Observe(new SourceObservation(ObservationKind.ClientAuthenticationFailed, Attacker, ClientId: "client0"), Start.AddSeconds(10));
        Assert.NotNull(detection);
        Assert.Equal(DetectionSeverity.High, detection.Severity);
        Assert.Contains("2 client id(s)", detection.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Refresh_token_reuse_is_reported_each_time_and_blocks_an_address_that_keeps_doing_it()
    {
        var rule = new RefreshTokenReuseRule(Limit(3, 60), 1000);
        var reuse = new SourceObservation(ObservationKind.RefreshTokenReused, Attacker, ClientId: "spa");

        Assert.Equal(DetectionSeverity.Medium, rule.Observe(reuse, Start)!.Severity);
        Assert.Equal(DetectionSeverity.Medium, rule.Observe(reuse, Start.AddMinutes(1))!.Severity);
        Assert.Equal(DetectionSeverity.High, rule.Observe(reuse, Start.AddMinutes(2))!.Severity);
        Assert.Equal(DetectionSeverity.Medium, rule.Observe(reuse, Start.AddMinutes(3))!.Severity);
        Assert.Null(rule.Observe(Failed(Attacker, "a@example.com"), Start));
    }

    [Fact]
    public void Scanner_probes_are_reported_low_and_block_an_address_at_the_threshold()
    {
        var rule = UnexpectedRequestRule.ScannerProbes(Limit(3, 10), 1000);
        SourceObservation Probe(string what) => new(ObservationKind.ScannerProbe, Attacker, Detail: what);

        // Malformed requests have a rule (and a threshold) of their own.
        Assert.Null(rule.Observe(new SourceObservation(ObservationKind.MalformedRequest, Attacker, Detail: "malformed request (MalformedForm)"), Start));

        Assert.Equal(DetectionSeverity.Low, rule.Observe(Probe("scanner path /.env"), Start)!.Severity);
        Assert.Equal(DetectionSeverity.Low, rule.Observe(Probe("scanner path /wp-admin"), Start.AddSeconds(1))!.Severity);
        var third = rule.Observe(Probe("scanner path /.git"), Start.AddSeconds(2))!;
        Assert.Equal(DetectionSeverity.High, third.Severity);
        Assert.Equal(IPNetwork.Parse("203.0.113.7/32"), third.Source);
    }

    [Fact]
    public void A_disabled_rule_never_fires()
    {
        var rule = new PasswordSprayingRule(new ThresholdOptions { Enabled = false, Threshold = 1, Window = TimeSpan.FromMinutes(1) }, 1000);
        Assert.Null(rule.Observe(Failed(Attacker, "a@example.com"), Start));
    }

    [Theory]
    [InlineData("/.env", ".env")]
    [InlineData("/.git/config", ".git")]
    [InlineData("/WP-ADMIN/setup.php", "wp-admin")]
    [InlineData("/wp-login.php", "wp-login.php")]
    public void Scanner_paths_are_recognised_by_their_first_segment(string path, string probe)
    {
        Assert.True(ScannerPaths.IsScannerPath(path, out var matched));
        Assert.Equal(probe, matched, StringComparer.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/account/signin")]
    [InlineData("/.well-known/openid-configuration")]
    [InlineData("/connect/token")]
    [InlineData("/css/site.css")]
    [InlineData("/envelope")]
    public void Our_own_paths_are_not_scanner_paths(string path) => Assert.False(ScannerPaths.IsScannerPath(path, out _));
}
