using System.Net;
using ConnexIdP.Core.Accounts;
using ConnexIdP.Core.Clients;
using ConnexIdP.Core.Security;
using ConnexIdP.Server.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace ConnexIdP.Testing;

/// <summary>
/// The real ConnexIdP server started in this process on a free HTTPS port of localhost, on a real SQLite file or
/// PostgreSQL database, with its own key directory and pepper, and Argon2 at test cost. Optionally on a fake clock.
/// </summary>
public sealed class ConnexServer : IAsyncDisposable
{
    private readonly string _directory;
    private readonly Dictionary<string, string> _settings;
    private WebApplication? _app;

    private ConnexServer(Uri baseAddress, string directory, FakeTimeProvider? clock, string connectionString, Dictionary<string, string> settings)
    {
        BaseAddress = baseAddress;
        _directory = directory;
        Clock = clock;
        ConnectionString = connectionString;
        _settings = settings;
    }

    public Uri BaseAddress { get; }

    public FakeTimeProvider? Clock { get; }

    public string ConnectionString { get; }

    /// <summary>The server's temporary folder: its SQLite database and its keys live here.</summary>
    public string DataDirectory => _directory;

    public IServiceProvider Services => App.Services;

    private WebApplication App => _app ?? throw new InvalidOperationException("The server is not running: its last restart failed.");

    /// <summary>Starts a server. <paramref name="settings"/> adds or overrides configuration keys.</summary>
    public static async Task<ConnexServer> StartAsync(
        TestDatabase database = TestDatabase.Sqlite,
        FakeTimeProvider? clock = null,
        IReadOnlyDictionary<string, string>? settings = null)
    {
        // A port the OS reported free can be taken before Kestrel binds it (by another test's outgoing connection, whose
        // ephemeral port comes from the same range): then the server starts afresh on another port.
        for (var attempt = 1; ; attempt++)
        {
            var directory = Directory.CreateTempSubdirectory("connexidp-test-").FullName;
            var port = FreePort.Next();
            var baseAddress = new Uri($"https://localhost:{port}/");
            var (provider, connectionString) = database switch
            {
                TestDatabase.PostgreSql => ("PostgreSql", await PostgresServer.CreateDatabaseAsync()),
                _ => ("Sqlite", $"Data Source={Path.Combine(directory, "connexidp.db")}"),
            };

            var server = new ConnexServer(baseAddress, directory, clock, connectionString,
                TestServerSettings.Create(baseAddress, directory, provider, connectionString, settings));
            try
            {
                await server.LaunchAsync();
                return server;
            }
            catch (IOException taken) when (attempt < 3 && taken.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException)
            {
                await server.DisposeAsync();
            }
            catch
            {
                await server.DisposeAsync();
                throw;
            }
        }
    }

    /// <summary>
    /// Stops the server and starts it again on the same port, database, keys and settings, but for <paramref name="changes"/>
    /// (a null value removes the key): a redeployment with new configuration.
    /// </summary>
    public async Task RestartAsync(IReadOnlyDictionary<string, string?> changes)
    {
        await StopAsync();
        foreach (var (key, value) in changes)
        {
            if (value is null)
            {
                _settings.Remove(key);
            }
            else
            {
                _settings[key] = value;
            }
        }

        await LaunchAsync();
    }

    private async Task LaunchAsync()
    {
        var app = ConnexServerApp.Build(
            [.. _settings.Select(p => $"--{p.Key}={p.Value}")],
            builder =>
            {
                if (Clock is not null)
                {
                    builder.Services.AddSingleton<TimeProvider>(Clock);
                }
            });
        try
        {
            await app.PrepareConnexAsync();
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        _app = app;
    }

    private async Task StopAsync()
    {
        if (_app is { } app)
        {
            _app = null;
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    /// <summary>A client for this server that trusts its test certificate; optionally keeps cookies like a browser.</summary>
    public HttpClient CreateClient(CookieContainer? cookies = null, bool followRedirects = false) =>
        new(TestTls.TrustingHandler(followRedirects, cookies)) { BaseAddress = BaseAddress };

    public async Task<Account> CreateAccountAsync(string email, string password, string? name = null, bool admin = false)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<AccountService>()
            .CreateAsync(new NewAccount(email, name, password, admin), "test", CancellationToken.None);
        return result.Account ?? throw new InvalidOperationException(result.Message);
    }

    public async Task<ClientResult> RegisterClientAsync(ClientRegistration registration)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<ClientService>().AddAsync(registration, "test", CancellationToken.None);
        return result.Succeeded ? result : throw new InvalidOperationException(result.Error);
    }

    public async Task RegisterScopeAsync(string name, params string[] resources)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<ClientService>().AddScopeAsync(name, resources, null, "test", CancellationToken.None);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(result.Error);
        }
    }

    /// <summary>The security events of <paramref name="type"/>, newest first (as the admin API lists them).</summary>
    public async Task<IReadOnlyList<SecurityEvent>> EventsAsync(string type) =>
        (await WithServiceAsync(services => services.GetRequiredService<SecurityEventReader>()
            .QueryAsync(new SecurityEventQuery { Type = type }, CancellationToken.None))).Events;

    public async Task<T> WithServiceAsync<T>(Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = App.Services.CreateAsyncScope();
        return await action(scope.ServiceProvider);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // SQLite may still hold the file for a moment on a pooled connection; the temp folder is cleaned by the OS.
        }
    }
}
