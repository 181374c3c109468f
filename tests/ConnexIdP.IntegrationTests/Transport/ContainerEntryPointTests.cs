using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using ConnexIdP.Testing;

namespace ConnexIdP.IntegrationTests.Transport;

/// <summary>
/// No container engine runs here, so the image's entry point is run directly, with the environment the Dockerfile sets
/// (its container paths moved under a temporary folder) and the settings compose.yaml adds: PostgreSQL, the issuer.
/// </summary>
public sealed partial class ContainerEntryPointTests : IAsyncLifetime
{
    private readonly string _root = Directory.CreateTempSubdirectory("connexidp-container-").FullName;
    private TestCertificateAuthority _authority = null!;

    public async Task InitializeAsync() => _authority = await TestCertificateAuthority.CreateAsync();

    [Fact]
    public async Task The_entry_point_runs_the_cli_and_then_the_server_with_mounted_secrets_in_production()
    {
        var port = FreePort.Next();
        var environment = await ContainerEnvironmentAsync(port);
        await _authority.IssueAsync(Path.Combine(_root, "run", "certs"));
        await File.WriteAllTextAsync(Path.Combine(_root, "run", "secrets", "pepper.key"), Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        await File.WriteAllTextAsync(Path.Combine(_root, "run", "secrets", "keyring.pem"), TestKeyRingCertificate.Pem());

        var (rotated, rotateOutput) = await CommandRunner.RunAsync("sh", [EntryPoint, "connexidp", "keys", "rotate"], environment: environment, workingDirectory: WorkDirectory);
        Assert.True(rotated == 0, rotateOutput);

        using var server = Process.Start(CommandRunner.StartInfo("sh", [EntryPoint], environment, WorkDirectory))!;
        try
        {
            using var http = new HttpClient(_authority.TrustingHandler()) { BaseAddress = new Uri($"https://localhost:{port}/") };
            var status = (HttpStatusCode)0;
            for (var attempt = 0; attempt < 300 && status != HttpStatusCode.OK && !server.HasExited; attempt++)
            {
                await Task.Delay(100);
                try
                {
                    using var ready = await http.GetAsync("health/ready");
                    status = ready.StatusCode;
                }
                catch (HttpRequestException)
                {
                    // Not listening yet.
                }
            }

            Assert.False(server.HasExited, server.HasExited ? await server.StandardError.ReadToEndAsync() : null);
            Assert.Equal(HttpStatusCode.OK, status);
            using var discovery = await http.GetAsync(".well-known/openid-configuration");
            Assert.Contains($"\"issuer\": \"https://localhost:{port}/\"", await discovery.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        finally
        {
            server.Kill();
            await server.WaitForExitAsync();
        }
    }

    [Fact]
    public async Task The_entry_point_refuses_to_start_without_its_secrets()
    {
        var environment = await ContainerEnvironmentAsync(FreePort.Next());

        var (exitCode, output) = await CommandRunner.RunAsync("sh", [EntryPoint], environment: environment, workingDirectory: WorkDirectory);

        Assert.Equal(78, exitCode);
        Assert.Contains("cannot read", output, StringComparison.Ordinal);
    }

    public async Task DisposeAsync()
    {
        await _authority.DisposeAsync();
        Directory.Delete(_root, recursive: true);
    }

    private static string EntryPoint => Path.Combine(CommandRunner.RepositoryRoot, "docker", "entrypoint.sh");

    private string WorkDirectory => Path.Combine(_root, "var", "lib", "connexidp");

    // The Dockerfile's ENV block with /run and /var moved under the temporary folder, the port moved to a free one, and
    // /app laid out as the image has it (server/ and cli/) from the test build; then compose.yaml's settings.
    private async Task<Dictionary<string, string>> ContainerEnvironmentAsync(int port)
    {
        var dockerfile = await File.ReadAllTextAsync(Path.Combine(CommandRunner.RepositoryRoot, "docker", "Dockerfile"));
        var environment = EnvLine().Matches(dockerfile[dockerfile.IndexOf("\nENV ", StringComparison.Ordinal)..])
            .TakeWhile(match => match.Success)
            .ToDictionary(match => match.Groups["name"].Value, match => match.Groups["value"].Value
                .Replace("/run/", Path.Combine(_root, "run") + "/", StringComparison.Ordinal)
                .Replace("/var/lib/", Path.Combine(_root, "var", "lib") + "/", StringComparison.Ordinal)
                .Replace("https://+:8443", $"https://localhost:{port}", StringComparison.Ordinal));
        Assert.Equal("Production", environment["ASPNETCORE_ENVIRONMENT"]);

        var app = Path.Combine(_root, "app");
        Directory.CreateDirectory(app);
        Directory.CreateDirectory(Path.Combine(_root, "run", "certs"));
        Directory.CreateDirectory(Path.Combine(_root, "run", "secrets"));
        Directory.CreateDirectory(WorkDirectory);
        if (!Directory.Exists(Path.Combine(app, "server")))
        {
            Directory.CreateSymbolicLink(Path.Combine(app, "server"), AppContext.BaseDirectory);
            Directory.CreateSymbolicLink(Path.Combine(app, "cli"), Path.Combine(CommandRunner.RepositoryRoot, "src", "ConnexIdP.Cli", "bin",
                new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name, "net10.0"));
        }

        environment["CONNEXIDP_HOME"] = app;
        environment["Tokens__Issuer"] = $"https://localhost:{port}/";
        environment["Database__Provider"] = "PostgreSql";
        environment["Database__ConnectionString"] = await PostgresServer.CreateDatabaseAsync();
        return environment;
    }

    [GeneratedRegex(@"\G(?:\nENV |\n)\s*(?<name>[A-Za-z_][A-Za-z0-9_]*)=(?<value>\S+)(?: \\)?")]
    private static partial Regex EnvLine();
}
