using ConnexIdP.Cli.Output;
using ConnexIdP.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace ConnexIdP.Cli.Hosting;

/// <summary>One command's host and service scope, with its output and the means to read a secret from standard input.</summary>
internal sealed class CliSession : IAsyncDisposable
{
    private readonly IHost _host;
    private readonly AsyncServiceScope _scope;
    private readonly CliConsole _console;

    private CliSession(IHost host, CliConsole console, CliOutput output)
    {
        _host = host;
        _console = console;
        _scope = host.Services.CreateAsyncScope();
        Output = output;
    }

    public CliOutput Output { get; }

    /// <summary>Builds the host and validates every option as the server does at start-up, so bad configuration fails first.</summary>
    public static CliSession Open(CliConsole console, CliOutput output)
    {
        var host = CliHost.Build();
        try
        {
            host.Services.GetService<IStartupValidator>()?.Validate();
            return new CliSession(host, console, output);
        }
        catch
        {
            host.Dispose();
            throw;
        }
    }

    public T Get<T>() where T : notnull => _scope.ServiceProvider.GetRequiredService<T>();

    /// <summary>
    /// Applies pending migrations when <c>Database:MigrateOnStartup</c> is true (as the server would at start-up);
    /// otherwise refuses, so no command runs against a schema older than the code.
    /// </summary>
    public async Task<bool> EnsureDatabaseMigratedAsync(CancellationToken cancellationToken)
    {
        var pending = (await Get<ConnexDbContext>().Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        if (pending.Count == 0)
        {
            return true;
        }

        if (!Get<IOptions<DatabaseOptions>>().Value.MigrateOnStartup)
        {
            Output.Refuse($"The database has {pending.Count} pending migration(s) ({string.Join(", ", pending)}) and Database:MigrateOnStartup is false. Run 'connexidp db migrate' first.");
            return false;
        }

        var applied = await Get<DatabaseMigrator>().MigrateAsync(cancellationToken);
        Output.Note($"Applied pending migration(s) because Database:MigrateOnStartup is true: {string.Join(", ", applied)}.");
        return true;
    }

    /// <summary>
    /// One line from standard input without its line break: piped input as is, or typed at a terminal without echo.
    /// Null when nothing was given.
    /// </summary>
    public async Task<string?> ReadSecretLineAsync(string prompt, CancellationToken cancellationToken)
    {
        var line = _console.InputIsTerminal ? ReadWithoutEcho(prompt) : await _console.In.ReadLineAsync(cancellationToken);
        return string.IsNullOrEmpty(line) ? null : line;
    }

    private string ReadWithoutEcho(string prompt)
    {
        _console.Error.Write(prompt);
        var typed = new System.Text.StringBuilder();
        for (var key = Console.ReadKey(intercept: true); key.Key != ConsoleKey.Enter; key = Console.ReadKey(intercept: true))
        {
            if (key.Key == ConsoleKey.Backspace)
            {
                typed.Length = Math.Max(0, typed.Length - 1);
            }
            else if (!char.IsControl(key.KeyChar))
            {
                typed.Append(key.KeyChar);
            }
        }

        _console.Error.WriteLine();
        return typed.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        await _scope.DisposeAsync();
        if (_host is IAsyncDisposable asyncHost)
        {
            await asyncHost.DisposeAsync();
        }
        else
        {
            _host.Dispose();
        }
    }
}
