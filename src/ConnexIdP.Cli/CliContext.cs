using System.CommandLine;
using System.Data.Common;
using System.Security.Cryptography;
using ConnexIdP.Cli.Hosting;
using ConnexIdP.Cli.Output;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ConnexIdP.Cli;

/// <summary>What every command shares: the console, the global <c>--json</c> option, and how an action opens the host.</summary>
internal sealed class CliContext(CliConsole console)
{
    /// <summary>How the command line is named in the security events of the changes it makes.</summary>
    public const string Actor = "cli";

    public Option<bool> Json { get; } = new("--json")
    {
        Description = "Write machine-readable JSON (snake_case) to standard output.",
        Recursive = true,
    };

    /// <summary>
    /// Runs <paramref name="handler"/> in a fresh host. Unless the command manages the schema itself, the database must be
    /// migrated first; problems an operator can fix (configuration, database, files) end with their message and exit code 1.
    /// </summary>
    public void SetAction(Command command, Func<CliSession, ParseResult, CancellationToken, Task<int>> handler, bool requiresMigratedDatabase = true) =>
        SetOfflineAction(command, async (output, parseResult, cancellationToken) =>
        {
            await using var session = CliSession.Open(console, output);
            if (requiresMigratedDatabase && !await session.EnsureDatabaseMigratedAsync(cancellationToken))
            {
                return ExitCodes.Refused;
            }

            return await handler(session, parseResult, cancellationToken);
        });

    /// <summary>
    /// Runs <paramref name="handler"/> without the host: for commands that work on files alone and must not need the
    /// server's configuration, database or pepper. Problems an operator can fix end with their message and exit code 1.
    /// </summary>
    public void SetOfflineAction(Command command, Func<CliOutput, ParseResult, CancellationToken, Task<int>> handler) =>
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var output = new CliOutput(console, parseResult.GetValue(Json));
            try
            {
                return await handler(output, parseResult, cancellationToken);
            }
            catch (Exception exception) when (Describe(exception) is { } message)
            {
                return output.Refuse(message);
            }
        });

    private static string? Describe(Exception exception) => exception switch
    {
        OptionsValidationException invalid => "Invalid configuration: " + string.Join(" ", invalid.Failures),
        AggregateException aggregate when aggregate.InnerExceptions.All(e => e is OptionsValidationException) =>
            "Invalid configuration: " + string.Join(" ", aggregate.InnerExceptions.Cast<OptionsValidationException>().SelectMany(e => e.Failures)),
        DbUpdateException update => "The database refused the change: " + (update.InnerException ?? update).Message,
        DbException database => "Database error: " + database.Message,
        InvalidOperationException or IOException or UnauthorizedAccessException or CryptographicException or InvalidDataException => exception.Message,
        _ => null,
    };
}
