using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ConnexIdP.Core.Security;
using ConnexIdP.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace ConnexIdP.IntegrationTests.Cli;

/// <summary>The admin command line, run as a process: what it creates the server uses, and bad input gets a clear exit code.</summary>
public sealed class CommandLineTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("connexidp-cli-").FullName;
    private readonly string _pepper = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    private readonly CommandLine _cli;

    public CommandLineTests() => _cli = new CommandLine(_directory, _pepper);

    [Fact]
    public async Task A_client_and_account_made_by_the_cli_work_on_the_server()
    {
        Assert.Equal(0, (await _cli.RunAsync(null, "db", "migrate")).ExitCode);
        Assert.Equal(0, (await _cli.RunAsync(null, "keys", "rotate")).ExitCode);
        var user = await _cli.RunAsync("correct horse battery staple\n", "users", "add", "--email", "ada@example.com", "--name", "Ada", "--password-stdin");
        Assert.True(user.ExitCode == 0, user.Error);
        Assert.Equal(0, (await _cli.RunAsync(null, "scopes", "add", "--name", "api1", "--resource", "api1")).ExitCode);
        var client = await _cli.RunAsync(null, "--json", "clients", "add", "--client-id", "nightly", "--type", "confidential",
            "--grant", "client_credentials", "--scope", "api1", "--generate-secret");
        Assert.True(client.ExitCode == 0, client.Error);
        using var created = JsonDocument.Parse(client.Output);
        var secret = created.RootElement.GetProperty("client_secret").GetString()!;
        Assert.Equal(43, secret.Length);

        var listed = await _cli.RunAsync(null, "--json", "users", "list");
        Assert.Contains("ada@example.com", listed.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("argon2id", listed.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, (await _cli.RunAsync(null, "--json", "clients", "list")).Output, StringComparison.Ordinal);

        await using var server = await ConnexServer.StartAsync(settings: new Dictionary<string, string>
        {
            ["Database:ConnectionString"] = _cli.ConnectionString,
            ["Keys:Directory"] = _cli.KeyDirectory,
            ["Passwords:Pepper:Value"] = _pepper,
        });
        using var http = server.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "connect/token")
        {
            Content = new FormUrlEncodedContent([new("grant_type", "client_credentials"), new("scope", "api1")]),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("nightly:" + secret)));
        using var response = await http.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());

        var keys = await _cli.RunAsync(null, "--json", "keys", "list");
        Assert.Contains("active", keys.Output, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Refused_operations_exit_1_with_the_reason_and_usage_errors_exit_2()
    {
        var implicitGrant = await _cli.RunAsync(null, "clients", "add", "--client-id", "old", "--type", "public", "--grant", "implicit",
            "--redirect-uri", "https://app.example.com/cb");
        Assert.Equal(1, implicitGrant.ExitCode);
        Assert.Contains("implicit", implicitGrant.Error, StringComparison.Ordinal);

        Assert.Equal(0, (await _cli.RunAsync("a long enough passphrase\n", "users", "add", "--email", "bo@example.com", "--password-stdin")).ExitCode);
        var duplicate = await _cli.RunAsync("another long passphrase\n", "users", "add", "--email", "BO@example.com", "--password-stdin");
        Assert.Equal(1, duplicate.ExitCode);
        Assert.Contains("already exists", duplicate.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("another long passphrase", duplicate.Output + duplicate.Error, StringComparison.Ordinal);

        var usage = await _cli.RunAsync(null, "clients", "add", "--client-id", "x", "--type", "sideways");
        Assert.Equal(2, usage.ExitCode);
        Assert.DoesNotContain("   at ", usage.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_weak_password_is_refused_with_the_policys_reason_and_no_account_is_made()
    {
        var weak = await _cli.RunAsync("password1\n", "users", "add", "--email", "weak@example.com", "--password-stdin");

        Assert.Equal(1, weak.ExitCode);
        Assert.Contains("commonly used or breached", weak.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("password1", weak.Output + weak.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("weak@example.com", (await _cli.RunAsync(null, "users", "list")).Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_generated_initial_password_is_shown_once_and_must_be_changed_at_the_first_sign_in()
    {
        var added = await _cli.RunAsync(null, "--json", "users", "add", "--email", "new@example.com", "--generate-password");
        Assert.True(added.ExitCode == 0, added.Error);
        using var created = JsonDocument.Parse(added.Output);
        var password = created.RootElement.GetProperty("password").GetString()!;
        Assert.Equal(20, password.Length);
        Assert.Equal("Initial", created.RootElement.GetProperty("account").GetProperty("password_change_required").GetString(), ignoreCase: true);
        Assert.DoesNotContain(password, (await _cli.RunAsync(null, "--json", "users", "list")).Output, StringComparison.Ordinal);

        var reset = await _cli.RunAsync(null, "--json", "users", "reset-password", "new@example.com");
        Assert.True(reset.ExitCode == 0, reset.Error);
        using var replaced = JsonDocument.Parse(reset.Output);
        Assert.NotEqual(password, replaced.RootElement.GetProperty("password").GetString());

        var both = await _cli.RunAsync("x\n", "users", "add", "--email", "b@example.com", "--generate-password", "--password-stdin");
        Assert.Equal(2, both.ExitCode);
        var unknown = await _cli.RunAsync(null, "users", "reset-password", "nobody@example.com");
        Assert.Equal(1, unknown.ExitCode);
    }

    [Fact]
    public async Task Users_unlock_lifts_a_lockout_and_is_recorded_as_a_security_event()
    {
        Assert.Equal(0, (await _cli.RunAsync("correct horse battery staple\n", "users", "add", "--email", "ada@example.com", "--password-stdin")).ExitCode);
        var clock = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        await using var server = await ConnexServer.StartAsync(clock: clock, settings: new Dictionary<string, string>
        {
            ["Database:ConnectionString"] = _cli.ConnectionString,
            ["Keys:Directory"] = _cli.KeyDirectory,
            ["Passwords:Pepper:Value"] = _pepper,

            // One browser locks the account and then signs in again after the unlock: its source is not to be blocked.
            ["SignInDefence:Rules:RepeatedGuessing:Enabled"] = "false",
        });
        using var browser = new SignInDevice(server.BaseAddress);
        for (var k = 1; k <= 10; k++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await browser.SignInAsync("ada@example.com", "wrong")).Status);
            clock.Advance(TimeSpan.FromSeconds(k < 10 ? 1 << (k - 1) : 0));
        }

        Assert.Equal(1800, (await browser.SignInAsync("ada@example.com", "correct horse battery staple")).RetryAfterSeconds);

        var lockout = await _cli.RunAsync(null, "users", "lockout", "ada@example.com");
        Assert.True(lockout.ExitCode == 0, lockout.Error);
        Assert.Contains("ada@example.com: 10 consecutive failure(s); next attempt accepted at ", lockout.Output, StringComparison.Ordinal);

        var unlocked = await _cli.RunAsync(null, "--json", "users", "unlock", "ADA@example.com");
        Assert.True(unlocked.ExitCode == 0, unlocked.Error);
        using (var view = JsonDocument.Parse(unlocked.Output))
        {
            Assert.Equal(1, view.RootElement.GetProperty("counters_cleared").GetInt32());
        }

        Assert.True((await browser.SignInAsync("ada@example.com", "correct horse battery staple")).SignedIn);
        Assert.Contains("0 consecutive failure(s); attempts accepted now", (await _cli.RunAsync(null, "users", "lockout", "ada@example.com")).Output, StringComparison.Ordinal);
        var events = await server.WithServiceAsync(services => services.GetRequiredService<SecurityEventReader>()
            .QueryAsync(new SecurityEventQuery { Type = SecurityEventTypes.AccountUnlocked }, CancellationToken.None));
        Assert.Contains("by an administrator", Assert.Single(events.Events).Details, StringComparison.Ordinal);

        Assert.Equal(1, (await _cli.RunAsync(null, "users", "unlock", "nobody@example.com")).ExitCode);
    }

    [Fact]
    public async Task Users_sign_out_ends_an_accounts_sessions_and_refuses_an_unknown_email()
    {
        Assert.Equal(0, (await _cli.RunAsync("correct horse battery staple\n", "users", "add", "--email", "ada@example.com", "--password-stdin")).ExitCode);

        var signedOut = await _cli.RunAsync(null, "users", "sign-out", "ada@example.com");
        var unknown = await _cli.RunAsync(null, "users", "sign-out", "nobody@example.com");

        Assert.True(signedOut.ExitCode == 0, signedOut.Error);
        Assert.Contains("signed out everywhere", signedOut.Output, StringComparison.Ordinal);
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("No account has this email.", unknown.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Admin_changes_made_by_the_cli_are_security_events_naming_the_cli_and_carrying_no_secret()
    {
        Assert.Equal(0, (await _cli.RunAsync("correct horse battery staple\n", "users", "add", "--email", "ada@example.com", "--password-stdin")).ExitCode);
        var reset = await _cli.RunAsync(null, "--json", "users", "reset-password", "ada@example.com");
        Assert.True(reset.ExitCode == 0, reset.Error);
        string password;
        using (var view = JsonDocument.Parse(reset.Output))
        {
            password = view.RootElement.GetProperty("password").GetString()!;
        }

        Assert.Equal(0, (await _cli.RunAsync(null, "users", "disable", "ada@example.com")).ExitCode);
        Assert.Equal(0, (await _cli.RunAsync(null, "scopes", "add", "--name", "api1", "--resource", "api1")).ExitCode);
        var client = await _cli.RunAsync(null, "--json", "clients", "add", "--client-id", "nightly", "--type", "confidential",
            "--grant", "client_credentials", "--scope", "api1", "--generate-secret");
        Assert.True(client.ExitCode == 0, client.Error);
        string secret;
        using (var created = JsonDocument.Parse(client.Output))
        {
            secret = created.RootElement.GetProperty("client_secret").GetString()!;
        }

        Assert.Equal(0, (await _cli.RunAsync(null, "clients", "remove", "nightly")).ExitCode);

        await using var server = await ConnexServer.StartAsync(settings: new Dictionary<string, string>
        {
            ["Database:ConnectionString"] = _cli.ConnectionString,
            ["Keys:Directory"] = _cli.KeyDirectory,
            ["Passwords:Pepper:Value"] = _pepper,
        });
        var page = await server.WithServiceAsync(services => services.GetRequiredService<SecurityEventReader>()
            .QueryAsync(new SecurityEventQuery { Limit = SecurityEventQuery.MaximumLimit }, CancellationToken.None));
        var admin = page.Events.Reverse().Where(e => e.Type.StartsWith("admin.", StringComparison.Ordinal)).ToList();
        Assert.Equal(
            [SecurityEventTypes.AdminAccountCreated, SecurityEventTypes.AdminPasswordReset, SecurityEventTypes.AdminAccountDisabled,
             SecurityEventTypes.AdminScopeAdded, SecurityEventTypes.AdminClientAdded, SecurityEventTypes.AdminClientRemoved],
            admin.Select(e => e.Type));
        Assert.All(admin, e => Assert.StartsWith("by cli", e.Details, StringComparison.Ordinal));
        Assert.All(admin, e => Assert.True(e.Severity <= SecuritySeverity.Low, e.Type));
        Assert.Single(admin.Select(e => e.AccountId).OfType<string>().Distinct());
        Assert.Equal(["nightly", "nightly"], admin.Select(e => e.ClientId).OfType<string>());
        Assert.All(page.Events, e => Assert.DoesNotContain(password, e.Details ?? string.Empty, StringComparison.Ordinal));
        Assert.All(page.Events, e => Assert.DoesNotContain(secret, e.Details ?? string.Empty, StringComparison.Ordinal));
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A pooled SQLite handle may linger for a moment; the OS cleans temporary folders.
        }
    }
}
