using ConnexIdP.Core.Data;

namespace ConnexIdP.Core.Clients;

/// <summary>Runs a change to a client or scope and the increment of the change counter in one transaction.</summary>
internal static class ClientChange
{
    public static async ValueTask RunAsync(
        ConnexDbContext db, ClientConfigurationCache cache, Func<CancellationToken, ValueTask> change, CancellationToken cancellationToken)
    {
        if (db.Database.CurrentTransaction is not null)
        {
            // The caller's transaction: the counter commits (or rolls back) with the rest of its work.
            await change(cancellationToken);
            await ClientConfigurationCache.RecordChangeAsync(db, cancellationToken);
        }
        else
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await change(cancellationToken);
            await ClientConfigurationCache.RecordChangeAsync(db, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        cache.Forget();
    }
}
