using Microsoft.EntityFrameworkCore;

namespace ConnexIdP.Core.Data;

/// <summary>Applies the chosen provider's migrations; used at server start-up (when configured) and by <c>connexidp db migrate</c>.</summary>
public sealed class DatabaseMigrator(ConnexDbContext db)
{
    public async Task<IReadOnlyList<string>> MigrateAsync(CancellationToken cancellationToken)
    {
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        await db.Database.MigrateAsync(cancellationToken);
        return pending;
    }
}
