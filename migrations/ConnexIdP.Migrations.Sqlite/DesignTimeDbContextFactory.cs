using ConnexIdP.Core.Data;

namespace ConnexIdP.Migrations.Sqlite;

/// <summary>SQLite model for <c>dotnet ef</c>; an in-memory database, so no file is created.</summary>
internal sealed class DesignTimeDbContextFactory()
    : ConnexDesignTimeDbContextFactory(DatabaseProvider.Sqlite, "Data Source=:memory:");
