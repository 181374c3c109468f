using System.Data.Common;
using System.Globalization;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace ConnexIdP.Core.Data;

/// <summary>
/// Per-connection SQLite settings: WAL (readers never block the writer), the durability level chosen in configuration,
/// a busy timeout so concurrent writers queue instead of failing, and foreign keys on.
/// </summary>
internal sealed class SqlitePragmas(DatabaseOptions.SqliteSection options) : DbConnectionInterceptor
{
    private readonly string _sql = string.Create(CultureInfo.InvariantCulture,
        $"PRAGMA journal_mode=WAL; PRAGMA synchronous={options.Synchronous.ToString().ToUpperInvariant()}; PRAGMA busy_timeout={options.BusyTimeoutMilliseconds}; PRAGMA foreign_keys=ON;");

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Apply(connection);
        return Task.CompletedTask;
    }

    private void Apply(DbConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = _sql;
        command.ExecuteNonQuery();
    }
}
