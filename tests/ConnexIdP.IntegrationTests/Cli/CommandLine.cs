using System.Diagnostics;

namespace ConnexIdP.IntegrationTests.Cli;

/// <summary>
/// Runs the built <c>connexidp</c> binary against a given data directory, as an operator would; <paramref name="settings"/>
/// adds or overrides configuration keys (given as environment variables).
/// </summary>
internal sealed class CommandLine(string directory, string pepper, IReadOnlyDictionary<string, string>? settings = null)
{
    public string ConnectionString => $"Data Source={Path.Combine(directory, "connexidp.db")}";

    public string KeyDirectory => Path.Combine(directory, "keys");

    public string Pepper => pepper;

    public async Task<(int ExitCode, string Output, string Error)> RunAsync(string? input, params string[] args)
    {
        var cli = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "src", "ConnexIdP.Cli", "bin",
            new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name, "net10.0", "connexidp.dll"));
        var start = new ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(cli);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["DOTNET_ENVIRONMENT"] = "Testing";
        start.Environment["Database__ConnectionString"] = ConnectionString;
        start.Environment["Keys__Directory"] = KeyDirectory;
        start.Environment["Passwords__Pepper__Value"] = pepper;
        start.Environment["Passwords__Argon2__MemoryKiB"] = "1024";
        start.Environment["Passwords__Argon2__Iterations"] = "1";
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        using var process = Process.Start(start)!;
        if (input is not null)
        {
            await process.StandardInput.WriteAsync(input);
        }

        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }
}
