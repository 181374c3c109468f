using ConnexIdP.Core.Data;

namespace ConnexIdP.Migrations.PostgreSql;

/// <summary>PostgreSQL model for <c>dotnet ef</c>; the placeholder server is never contacted.</summary>
internal sealed class DesignTimeDbContextFactory()
    : ConnexDesignTimeDbContextFactory(DatabaseProvider.PostgreSql, "Host=localhost;Database=connexidp;Username=connexidp");
