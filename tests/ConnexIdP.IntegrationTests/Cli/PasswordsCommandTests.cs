using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace ConnexIdP.IntegrationTests.Cli;

/// <summary>
/// <c>connexidp passwords</c> as an operator runs it: a plain list compiled into a blocklist file that the policy then
/// consults, and the policy's verdict on a password read from standard input.
/// </summary>
public sealed class PasswordsCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("connexidp-cli-passwords-").FullName;
    private readonly string _pepper = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    private readonly CommandLine _cli;

    public PasswordsCommandTests() => _cli = new CommandLine(_directory, _pepper);

    private CommandLine With(string key, string value) => new(_directory, _pepper, new Dictionary<string, string> { [key] = value });

    [Fact]
    public async Task A_compiled_list_is_refused_by_the_policy_once_configured()
    {
        var list = Path.Combine(_directory, "breached.txt");
        await File.WriteAllTextAsync(list, "\uFEFFGlobex-Winter-2026\r\nglobex-winter-2026\n\nkorvax-lantern-91\n", new UTF8Encoding(false));
        var output = Path.Combine(_directory, "blocklist.bin");

        var built = await _cli.RunAsync(null, "--json", "passwords", "blocklist", "build", "--input", list, "--output", output);
        Assert.True(built.ExitCode == 0, built.Error);
        using (var result = JsonDocument.Parse(built.Output))
        {
            Assert.Equal(4, result.RootElement.GetProperty("lines").GetInt64());
            Assert.Equal(1, result.RootElement.GetProperty("skipped").GetInt64());
            Assert.Equal(2, result.RootElement.GetProperty("entries").GetInt64());
            Assert.Equal(24 + (2 * 8), result.RootElement.GetProperty("bytes").GetInt64());
        }

        Assert.Equal(0, (await _cli.RunAsync("KORVAX-lantern-91\n", "passwords", "check", "--password-stdin")).ExitCode);

        var configured = With("Passwords:Blocklist:Path", output);
        var refused = await configured.RunAsync("KORVAX-lantern-91\n", "--json", "passwords", "check", "--password-stdin", "--email", "ada@example.com");
        Assert.Equal(1, refused.ExitCode);
        using (var verdict = JsonDocument.Parse(refused.Output))
        {
            Assert.False(verdict.RootElement.GetProperty("accepted").GetBoolean());
            Assert.Equal("blocklisted", verdict.RootElement.GetProperty("refusal").GetString());
        }

        Assert.DoesNotContain("korvax", refused.Output + refused.Error, StringComparison.OrdinalIgnoreCase);
        var shipped = await configured.RunAsync("Password1\n", "passwords", "check", "--password-stdin");
        Assert.Equal(1, shipped.ExitCode);
        Assert.Contains("commonly used or breached passwords", shipped.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Building_needs_no_server_configuration()
    {
        var list = Path.Combine(_directory, "list.txt");
        await File.WriteAllTextAsync(list, "one-entry\n");
        var unconfigured = new CommandLine(_directory, string.Empty, new Dictionary<string, string> { ["DOTNET_ENVIRONMENT"] = "Production" });

        var built = await unconfigured.RunAsync(null, "passwords", "blocklist", "build", "--input", list, "--output", Path.Combine(_directory, "list.bin"));
        Assert.True(built.ExitCode == 0, built.Error);
        Assert.Contains("1 distinct entries from 1 lines", built.Output, StringComparison.Ordinal);

        // The same settings stop every command that opens the server's configuration.
        var check = await unconfigured.RunAsync("correct horse battery staple\n", "passwords", "check", "--password-stdin");
        Assert.Equal(1, check.ExitCode);
        Assert.Contains("pepper", check.Error, StringComparison.Ordinal);
        Assert.Contains("DataProtection:Certificate:Path", check.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Mistakes_exit_1_with_the_reason_and_usage_errors_exit_2()
    {
        var list = Path.Combine(_directory, "list.txt");
        await File.WriteAllTextAsync(list, "one-entry\n");

        var missingFolder = await _cli.RunAsync(null, "passwords", "blocklist", "build", "--input", list, "--output", Path.Combine(_directory, "no", "such", "x.bin"));
        Assert.Equal(1, missingFolder.ExitCode);
        Assert.Contains("does not exist", missingFolder.Error, StringComparison.Ordinal);

        var foreign = await With("Passwords:Blocklist:Path", list).RunAsync("correct horse battery staple\n", "passwords", "check", "--password-stdin");
        Assert.Equal(1, foreign.ExitCode);
        Assert.Contains("Passwords:Blocklist:Path", foreign.Error, StringComparison.Ordinal);

        Assert.Equal(2, (await _cli.RunAsync(null, "passwords", "blocklist", "build", "--output", Path.Combine(_directory, "x.bin"))).ExitCode);
        Assert.Equal(2, (await _cli.RunAsync(null, "passwords", "blocklist", "build", "--input", Path.Combine(_directory, "absent.txt"), "--output", "x.bin")).ExitCode);
        Assert.Equal(2, (await _cli.RunAsync("x\n", "passwords", "check")).ExitCode);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
