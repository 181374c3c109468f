using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ConnexIdP.Core.Data;

public static class DatabaseServiceCollectionExtensions
{
    public const string SqliteMigrationsAssembly = "ConnexIdP.Migrations.Sqlite";
    public const string PostgreSqlMigrationsAssembly = "ConnexIdP.Migrations.PostgreSql";
    public const string SqlServerMigrationsAssembly = "ConnexIdP.Migrations.SqlServer";

    /// <summary>Configures <paramref name="builder"/> for the chosen provider, with that provider's migrations assembly.</summary>
    public static DbContextOptionsBuilder UseConnexDatabase(this DbContextOptionsBuilder builder, DatabaseOptions options)
    {
        switch (options.Provider)
        {
            case DatabaseProvider.Sqlite:
                builder.UseSqlite(ResolveSqlite(options.ConnectionString), sqlite => sqlite.MigrationsAssembly(SqliteMigrationsAssembly));
                builder.AddInterceptors(new SqlitePragmas(options.Sqlite));
                break;
            case DatabaseProvider.PostgreSql:
                builder.UseNpgsql(options.ConnectionString, pg => pg.MigrationsAssembly(PostgreSqlMigrationsAssembly));
                break;
            case DatabaseProvider.SqlServer:
                builder.UseSqlServer(options.ConnectionString, sql => sql.MigrationsAssembly(SqlServerMigrationsAssembly));
                break;
            default:
                throw new InvalidOperationException($"Unknown Database:Provider '{options.Provider}'.");
        }

        builder.UseOpenIddict();
        return builder;
    }

    /// <summary>Makes a relative SQLite path absolute (against the working directory) and creates its folder.</summary>
    public static string ResolveSqlite(string connectionString)
    {
        var csb = new SqliteConnectionStringBuilder(connectionString);
        if (!string.IsNullOrEmpty(csb.DataSource) && csb.DataSource != ":memory:" && csb.Mode != SqliteOpenMode.Memory)
        {
            csb.DataSource = Path.GetFullPath(csb.DataSource);
            Directory.CreateDirectory(Path.GetDirectoryName(csb.DataSource)!);
        }

        csb.Pooling = true;
        return csb.ToString();
    }
}
