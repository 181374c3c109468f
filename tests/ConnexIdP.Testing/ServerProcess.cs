using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using ConnexIdP.Core.Accounts;
using ConnexIdP.Core.Clients;
using ConnexIdP.Core.Data;
using ConnexIdP.Core.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ConnexIdP.Testing;

/// <summary>
/// The real server as a child process (<c>dotnet ConnexIdP.Server.dll</c>) on a free HTTPS port of localhost, with its
/// own SQLite file and key directory, so a test can kill it with SIGKILL in the middle of its work and start it again on
/// the same port, database and keys: a crash and a restart by a supervisor. Settings may put it on a PostgreSQL database
/// instead (<c>Database:Provider</c>, <c>Database:ConnectionString</c>), which several server processes can share. <see cref="ConnexServer"/> runs in the test
/// process and cannot be killed that way.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private const int KeptOutputLines = 200;
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly string _directory;
    private readonly IReadOnlyDictionary<string, string> _settings;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly Func<HttpMessageHandler> _trust;
    private Process? _process;

    private ServerProcess(string directory, int port, IReadOnlyDictionary<string, string>? overrides, Func<HttpMessageHandler>? trust, bool plainHttp)
    {
        _directory = directory;
        _trust = trust ?? (() => TestTls.TrustingHandler());
        BaseAddress = new Uri($"https://localhost:{port}/");
        PlainHttpAddress = plainHttp ? new Uri($"http://localhost:{FreePort.Next()}/") : null;
        var settings = new Dictionary<string, string>(overrides ?? new Dictionary<string, string>());
        if (PlainHttpAddress is not null)
        {
            settings["urls"] = $"https://localhost:{port};http://localhost:{PlainHttpAddress.Port}";
        }

        // One pepper for the life of this server, across restarts, as a deployment keeps its pepper file.
        _settings = TestServerSettings.Create(BaseAddress, directory, "Sqlite", $"Data Source={DatabasePath}", settings);
    }

    public Uri BaseAddress { get; }

    /// <summary>The plain-HTTP address the server also listens on, when it was created with <c>plainHttp</c>.</summary>
    public Uri? PlainHttpAddress { get; }

    public string DatabasePath => Path.Combine(_directory, "connexidp.db");

    /// <summary>Process id of the running server, or null when it is not running.</summary>
    public int? ProcessId => _process?.Id;

    /// <summary>The last lines the server wrote (standard output and error), for failure messages.</summary>
    public string Output => string.Join(Environment.NewLine, _output);

    /// <summary>
    /// The built server beside the test binaries: a test project references the server through ConnexIdP.Testing, so the
    /// build copies ConnexIdP.Server.dll with its .runtimeconfig.json and .deps.json into the test output folder.
    /// </summary>
    public static string ServerAssemblyPath
    {
        get
        {
            var path = Path.Combine(AppContext.BaseDirectory, "ConnexIdP.Server.dll");
            return File.Exists(path) && File.Exists(Path.ChangeExtension(path, ".runtimeconfig.json"))
                ? path
                : throw new InvalidOperationException($"ConnexIdP.Server.dll and its .runtimeconfig.json are not in {AppContext.BaseDirectory}; the test project must reference ConnexIdP.Testing (which references the server) and be built.");
        }
    }

    /// <summary>
    /// A server in a fresh temporary directory on a free port, not yet started, so that accounts and clients can be
    /// created first. <paramref name="settings"/> adds or overrides configuration keys; <paramref name="trust"/> makes
    /// the handlers its clients use when it runs on a certificate other than the shared test one; <paramref name="plainHttp"/>
    /// adds a plain-HTTP listener on another free port. <paramref name="port"/> (from <see cref="FreePort.Next"/>) is for
    /// servers whose settings must name each other's address before they exist.
    /// </summary>
    public static ServerProcess Create(IReadOnlyDictionary<string, string>? settings = null, Func<HttpMessageHandler>? trust = null, bool plainHttp = false, int? port = null) =>
        new(Directory.CreateTempSubdirectory("connexidp-process-").FullName, port ?? FreePort.Next(), settings, trust, plainHttp);

    /// <summary>The folder the server runs in (its working directory, database and keys).</summary>
    public string DataDirectory => _directory;

    /// <summary>A configuration value the server was started with.</summary>
    public string Setting(string key) => _settings[key];

    /// <summary>Starts the server (again, after <see cref="KillAsync"/>) and waits until it answers its discovery document.</summary>
    public async Task StartAsync()
    {
        if (_process is not null)
        {
            throw new InvalidOperationException($"The server is already running as process {_process.Id}.");
        }

        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = _directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(ServerAssemblyPath);
        foreach (var (key, value) in _settings)
        {
            start.ArgumentList.Add($"--{key}={value}");
        }

        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, line) => Keep(line.Data);
        process.ErrorDataReceived += (_, line) => Keep(line.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;

        try
        {
            await WaitUntilReadyAsync(process);
        }
        catch
        {
            await KillAsync();
            throw;
        }
    }

    /// <summary>
    /// SIGKILL (<c>kill -9</c>): the process gets no chance to finish requests, flush, dispose or run shutdown hooks.
    /// Returns once the operating system reports it gone, so nothing it does can happen after this.
    /// </summary>
    public async Task KillAsync()
    {
        var process = _process ?? throw new InvalidOperationException("The server is not running.");

        // The process itself, at once. Kill(entireProcessTree: true) lists every process on the machine (to check that the
        // tree does not hold the caller) before it sends any signal: 120-240 ms on a busy machine, during which the server
        // went on answering every request in flight, so the kill did not land when the test chose. The server starts no
        // child processes, so there is no tree to kill.
        process.Kill();
        await process.WaitForExitAsync();
        process.Dispose();
        _process = null;
    }

    /// <summary>A client for this server that trusts its test certificate.</summary>
    public HttpClient CreateClient() => new(_trust()) { BaseAddress = BaseAddress };

    public Task<Account> CreateAccountAsync(string email, string password, string? name = null, bool admin = false) =>
        WithCoreServicesAsync(async services =>
        {
            var result = await services.GetRequiredService<AccountService>().CreateAsync(new NewAccount(email, name, password, admin), "test", CancellationToken.None);
            return result.Account ?? throw new InvalidOperationException(result.Message);
        });

    public Task<ClientResult> RegisterClientAsync(ClientRegistration registration) =>
        WithCoreServicesAsync(async services =>
        {
            var result = await services.GetRequiredService<ClientService>().AddAsync(registration, "test", CancellationToken.None);
            return result.Succeeded ? result : throw new InvalidOperationException(result.Error);
        });

    /// <summary>
    /// Runs <paramref name="action"/> with the Core services (what the admin CLI uses, no HTTP) on this server's
    /// configuration and database, migrated first, so data can be created before the server has ever started. The test
    /// process lets go of the SQLite file afterwards: at a crash the server is the only process holding it, as in production.
    /// </summary>
    public async Task<T> WithCoreServicesAsync<T>(Func<IServiceProvider, Task<T>> action)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            DisableDefaults = true,
            EnvironmentName = _settings["environment"],
            ContentRootPath = _directory,
        });
        builder.Configuration.AddInMemoryCollection(_settings.Select(p => new KeyValuePair<string, string?>(p.Key, p.Value)));
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddConnexCore(builder.Configuration, builder.Environment);

        try
        {
            using var host = builder.Build();
            await using var scope = host.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<DatabaseMigrator>().MigrateAsync(CancellationToken.None);
            return await action(scope.ServiceProvider);
        }
        finally
        {
            // Pooled connections would keep the file open in this process; the pool is keyed by the resolved connection string.
            if (_settings["Database:Provider"] == "Sqlite")
            {
                using var pooled = new SqliteConnection(DatabaseServiceCollectionExtensions.ResolveSqlite(_settings["Database:ConnectionString"]));
                SqliteConnection.ClearPool(pooled);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            await KillAsync();
        }

        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // The temp folder is cleaned by the OS when something still holds a file in it.
        }
    }

    private async Task WaitUntilReadyAsync(Process process)
    {
        using var http = CreateClient();
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < StartTimeout)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The server exited with code {process.ExitCode} before it was ready:{Environment.NewLine}{Output}");
            }

            try
            {
                using var response = await http.GetAsync(".well-known/openid-configuration");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50));
        }

        throw new TimeoutException($"The server did not answer at {BaseAddress} within {StartTimeout.TotalSeconds} s:{Environment.NewLine}{Output}");
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        _output.Enqueue(line);
        while (_output.Count > KeptOutputLines)
        {
            _output.TryDequeue(out _);
        }
    }
}
