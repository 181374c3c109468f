using System.CommandLine;
using ConnexIdP.Core.Data;

namespace ConnexIdP.Cli.Database;

/// <summary><c>connexidp db migrate</c>: applies the configured provider's migrations explicitly.</summary>
internal static class DbCommand
{
    public static Command Create(CliContext cli) => new("db", "Manage the database schema.")
    {
        Migrate(cli),
    };

    private static Command Migrate(CliContext cli)
    {
        var command = new Command("migrate", "Apply pending migrations of the configured provider.");
        cli.SetAction(command, async (session, _, cancellationToken) =>
        {
            var applied = await session.Get<DatabaseMigrator>().MigrateAsync(cancellationToken);
            return session.Output.Result(new { Applied = applied }, text =>
            {
                if (applied.Count == 0)
                {
                    text.WriteLine("The database is up to date.");
                }

                foreach (var migration in applied)
                {
                    text.WriteLine($"Applied {migration}");
                }
            });
        }, requiresMigratedDatabase: false);
        return command;
    }
}
