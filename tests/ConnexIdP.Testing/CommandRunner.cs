using System.Diagnostics;

namespace ConnexIdP.Testing;

/// <summary>Runs a command-line tool (openssl, the certs/ scripts) to completion and returns its exit code and output.</summary>
public static class CommandRunner
{
    public static async Task<(int ExitCode, string Output)> RunAsync(
        string file, IEnumerable<string> arguments, string? input = "", TimeSpan? timeout = null, IReadOnlyDictionary<string, string>? environment = null, string? workingDirectory = null)
    {
        var start = StartInfo(file, arguments, environment, workingDirectory);
        start.RedirectStandardInput = true;

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.StandardInput.WriteAsync(input);
        process.StandardInput.Close();
        using var limit = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
            throw new TimeoutException($"{file} {string.Join(' ', start.ArgumentList)} did not finish in time.");
        }

        return (process.ExitCode, await output + await error);
    }

    /// <summary>A process to start with its output redirected, <paramref name="environment"/> added to this process's own.</summary>
    public static ProcessStartInfo StartInfo(string file, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? string.Empty,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        return start;
    }

    /// <summary>The repository's root (the folder holding ConnexIdP.sln), found upwards from the test binaries.</summary>
    public static string RepositoryRoot
    {
        get
        {
            for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "ConnexIdP.sln")))
                {
                    return directory.FullName;
                }
            }

            throw new InvalidOperationException($"No ConnexIdP.sln above {AppContext.BaseDirectory}.");
        }
    }
}
