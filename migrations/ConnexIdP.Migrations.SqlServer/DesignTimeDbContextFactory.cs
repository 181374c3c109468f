using ConnexIdP.Core.Data;

namespace ConnexIdP.Migrations.SqlServer;

/// <summary>SQL Server model for <c>dotnet ef</c>; the placeholder server is never contacted.</summary>
internal sealed class DesignTimeDbContextFactory()
    : ConnexDesignTimeDbContextFactory(DatabaseProvider.SqlServer, "Server=localhost;Database=connexidp;Integrated Security=false;TrustServerCertificate=true");
