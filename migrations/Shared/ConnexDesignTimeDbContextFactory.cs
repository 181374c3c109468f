using ConnexIdP.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace ConnexIdP.Migrations;

/// <summary>
/// What <c>dotnet ef</c> uses to build the model of one provider without a running server or the web host.
/// The connection string is a placeholder: adding a migration and scripting it never connect.
/// </summary>
internal abstract class ConnexDesignTimeDbContextFactory(DatabaseProvider provider, string placeholderConnectionString)
    : IDesignTimeDbContextFactory<ConnexDbContext>
{
    public ConnexDbContext CreateDbContext(string[] args)
    {
        var builder = new DbContextOptionsBuilder<ConnexDbContext>();
        builder.UseConnexDatabase(new DatabaseOptions { Provider = provider, ConnectionString = placeholderConnectionString });
        return new ConnexDbContext(builder.Options);
    }
}
