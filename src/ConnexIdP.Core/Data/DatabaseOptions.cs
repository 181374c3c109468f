using System.ComponentModel.DataAnnotations;

namespace ConnexIdP.Core.Data;

/// <summary>Configuration section <c>Database</c>.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>Provider connection string. For SQLite, a relative <c>Data Source</c> is resolved against the working directory.</summary>
    [Required]
    public string ConnectionString { get; set; } = "Data Source=data/connexidp.db";

    /// <summary>Apply pending migrations when the server starts (the CLI's <c>db migrate</c> does it explicitly).</summary>
    public bool MigrateOnStartup { get; set; } = true;

    public SqliteSection Sqlite { get; set; } = new();

    public sealed class SqliteSection
    {
        /// <summary>
        /// <c>Normal</c> (default, WAL): a committed transaction survives a process crash; the last ones may roll back on power loss.
        /// <c>Full</c>: survives power loss too, at the price of an fsync per commit.
        /// </summary>
        public SqliteSynchronous Synchronous { get; set; } = SqliteSynchronous.Normal;

        /// <summary>How long a writer waits for the lock before failing with SQLITE_BUSY.</summary>
        [Range(0, 600_000)]
        public int BusyTimeoutMilliseconds { get; set; } = 5000;
    }
}

public enum SqliteSynchronous
{
    Normal = 0,
    Full = 1,
}
