using System.Diagnostics;
using Npgsql;

namespace ConnexIdP.Testing;

/// <summary>
/// A real PostgreSQL server for the test run. The test script starts one and passes its connection string in
/// <c>CONNEXIDP_TEST_POSTGRES</c>; without it (a plain <c>dotnet test</c>) one is started here from Debian's
/// binaries in a temporary directory on a free port and stopped when the process exits. Each caller gets a fresh database.
/// </summary>
public static class PostgresServer
{
    public const string EnvironmentVariable = "CONNEXIDP_TEST_POSTGRES";
    private static readonly Lazy<string> Server = new(StartOrReuse, LazyThreadSafetyMode.ExecutionAndPublication);

    public static async Task<string> CreateDatabaseAsync()
    {
        var name = "t_" + Guid.NewGuid().ToString("N")[..16];
        var admin = new NpgsqlConnectionStringBuilder(Server.Value) { Database = "postgres", Pooling = false };
        await using (var connection = new NpgsqlConnection(admin.ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await command.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(Server.Value) { Database = name }.ConnectionString;
    }

    private static string StartOrReuse()
    {
        var given = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(given))
        {
            return given;
        }

        var bin = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Where(Directory.Exists).OrderBy(d => d, StringComparer.Ordinal).LastOrDefault()
            : null;
        if (bin is null)
        {
            throw new InvalidOperationException("PostgreSQL is not installed (apt-get install postgresql), and CONNEXIDP_TEST_POSTGRES is not set. Run ./test.sh, which installs and starts it.");
        }

        var root = Directory.CreateTempSubdirectory("connexidp-pg-").FullName;
        var port = FreePort.Next();
        var asRoot = Environment.UserName == "root";
        if (asRoot)
        {
            Run("chown", $"postgres {root}");
        }

        RunAs(asRoot, Path.Combine(bin, "initdb"), $"-D {root}/data -A trust -U postgres --no-sync");
        RunAs(asRoot, Path.Combine(bin, "pg_ctl"), $"-D {root}/data -l {root}/log -w start -o \"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300\"");
        // A test host that is killed runs no exit handler: a watcher in its own session stops the server after it.
        var stop = $"{(asRoot ? "runuser -u postgres -- " : string.Empty)}{Path.Combine(bin, "pg_ctl")} -D {root}/data -m immediate -w stop";
        Process.Start(new ProcessStartInfo("setsid", ["sh", "-c", $"while kill -0 {Environment.ProcessId} 2>/dev/null; do sleep 2; done; {stop} >/dev/null 2>&1; rm -rf {root}"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })?.Dispose();
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                RunAs(asRoot, Path.Combine(bin, "pg_ctl"), $"-D {root}/data -m immediate -w stop");
                Directory.Delete(root, recursive: true);
            }
            catch (Exception exception) when (exception is IOException or InvalidOperationException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"Could not stop the test PostgreSQL server in {root}: {exception.Message}");
            }
        };

        return $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Include Error Detail=true";
    }

    private static void RunAs(bool asRoot, string file, string arguments)
    {
        if (asRoot)
        {
            Run("runuser", $"-u postgres -- {file} {arguments}");
        }
        else
        {
            Run(file, arguments);
        }
    }

    private static void Run(string file, string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {arguments} failed ({process.ExitCode}): {error} {output.Result}");
        }
    }
}
