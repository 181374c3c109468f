using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using ConnexIdP.Testing;

namespace ConnexIdP.IntegrationTests.Cli;

/// <summary>
/// <c>connexidp passwords pepper-status</c> run as an operator would around a pepper rotation: before retiring a pepper
/// or a cost, it says what still needs it, as text and as JSON, and never prints a pepper.
/// </summary>
public sealed class PepperStatusCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("connexidp-cli-").FullName;
    private readonly string _pepperA = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    private readonly string _pepperB = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    [Theory]
    [InlineData(TestDatabase.Sqlite)]
    [InlineData(TestDatabase.PostgreSql)]
    public async Task Pepper_status_shows_what_each_pepper_and_cost_still_protects(TestDatabase database)
    {
        var storage = database == TestDatabase.PostgreSql
            ? new Dictionary<string, string> { ["Database:Provider"] = "PostgreSql", ["Database:ConnectionString"] = await PostgresServer.CreateDatabaseAsync() }
            : [];
        var underA = new CommandLine(_directory, _pepperA, With(storage, new() { ["Passwords:Pepper:Id"] = "a" }));
        Assert.Equal(0, (await underA.RunAsync("a long enough passphrase\n", "users", "add", "--email", "ada@example.com", "--password-stdin")).ExitCode);
        Assert.Equal(0, (await underA.RunAsync("another long passphrase\n", "users", "add", "--email", "bob@example.com", "--password-stdin")).ExitCode);
        Assert.Equal(0, (await underA.RunAsync(null, "clients", "add", "--client-id", "nightly", "--type", "confidential",
            "--grant", "client_credentials", "--generate-secret")).ExitCode);

        // Pepper b made current with a kept as previous, and the Argon2 memory cost doubled.
        var rotated = new CommandLine(_directory, _pepperB, With(storage, new()
        {
            ["Passwords:Pepper:Id"] = "b",
            ["Passwords:PreviousPeppers:0:Id"] = "a",
            ["Passwords:PreviousPeppers:0:Value"] = _pepperA,
            ["Passwords:Argon2:MemoryKiB"] = "2048",
        }));

        var json = await RunAsync(rotated, "--json", "passwords", "pepper-status");
        using (var status = JsonDocument.Parse(json))
        {
            var root = status.RootElement;
            Assert.Equal(2, root.GetProperty("accounts").GetInt64());
            Assert.Equal(0, root.GetProperty("without_password").GetInt64());
            Assert.Equal(0, root.GetProperty("unreadable").GetInt64());
            Assert.Equal(2, root.GetProperty("rehash_pending").GetInt64());
            Assert.Equal([("b", "current", 0L, 0L, false), ("a", "previous", 2L, 1L, false)], Peppers(root));
            Assert.Equal([("m=2048,t=1,p=1", 2048, "current", 0L), ("m=1024,t=1,p=1", 1024, "weaker", 2L)], Costs(root));
        }

        var text = await RunAsync(rotated, "passwords", "pepper-status");
        Assert.Contains("2 accounts: 0 without a password, 0 with an unreadable hash; 2 password hashes to be rewritten at the next sign-in.", text, StringComparison.Ordinal);
        Assert.Matches(Row("PEPPER", "ROLE", "ACCOUNTS", "CLIENT SECRETS"), text);
        Assert.Matches(Row("b", "current", "0", "0"), text);
        Assert.Matches(Row("a", "previous", "2", "1"), text);
        Assert.Matches(Row("m=2048,t=1,p=1", "current", "0"), text);
        Assert.Matches(Row("m=1024,t=1,p=1", "weaker: rewritten at sign-in", "2"), text);
        Assert.Contains("Pepper 'a' is still used by 2 accounts and 1 client secret; each moves to 'b' at its next sign-in or client authentication.", text, StringComparison.Ordinal);

        // Pepper a removed too early: the operator is told who can no longer be verified.
        var removed = new CommandLine(_directory, _pepperB, With(storage, new() { ["Passwords:Pepper:Id"] = "b" }));
        var afterRemoval = await RunAsync(removed, "passwords", "pepper-status");
        Assert.Matches(Row("a", "not configured", "2", "1"), afterRemoval);
        Assert.Contains("Pepper 'a' is not configured: 2 accounts and 1 client secret cannot be verified", afterRemoval, StringComparison.Ordinal);
        using var removedJson = JsonDocument.Parse(await RunAsync(removed, "--json", "passwords", "pepper-status"));
        Assert.Equal([("b", "current", 0L, 0L, false), ("a", "not_configured", 2L, 1L, false)], Peppers(removedJson.RootElement));
        Assert.Equal(0, removedJson.RootElement.GetProperty("rehash_pending").GetInt64());
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

    /// <summary>Runs the command, which must succeed, and returns its standard output; no pepper may appear on either stream.</summary>
    private async Task<string> RunAsync(CommandLine cli, params string[] args)
    {
        var (exitCode, output, error) = await cli.RunAsync(null, args);
        Assert.True(exitCode == 0, error);
        Assert.DoesNotContain(_pepperA, output + error, StringComparison.Ordinal);
        Assert.DoesNotContain(_pepperB, output + error, StringComparison.Ordinal);
        return output;
    }

    private static Dictionary<string, string> With(Dictionary<string, string> storage, Dictionary<string, string> settings) =>
        storage.Concat(settings).ToDictionary();

    /// <summary>A table line with these cells, in this order, separated by the table's padding.</summary>
    private static Regex Row(params string[] cells) =>
        new("(?m)^" + string.Join(@" {2,}", cells.Select(Regex.Escape)) + @"\s*$");

    private static List<(string?, string?, long, long, bool)> Peppers(JsonElement root) =>
        [.. root.GetProperty("peppers").EnumerateArray().Select(p => (
            p.GetProperty("id").GetString(), p.GetProperty("role").GetString(),
            p.GetProperty("accounts").GetInt64(), p.GetProperty("client_secrets").GetInt64(), p.GetProperty("can_be_retired").GetBoolean()))];

    private static List<(string?, int, string?, long)> Costs(JsonElement root) =>
        [.. root.GetProperty("argon2").EnumerateArray().Select(a => (
            a.GetProperty("parameters").GetString(), a.GetProperty("memory_kib").GetInt32(),
            a.GetProperty("standing").GetString(), a.GetProperty("accounts").GetInt64()))];
}
