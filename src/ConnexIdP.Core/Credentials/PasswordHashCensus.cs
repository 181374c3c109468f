using ConnexIdP.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OpenIddict.EntityFrameworkCore.Models;

namespace ConnexIdP.Core.Credentials;

/// <summary>
/// Counts the stored password hashes by pepper id and Argon2id costs, and the client secrets by pepper id, against this
/// process's configuration. It streams one column of each table, so it runs in constant memory over millions of
/// accounts; counts taken while the server runs may be off by the sign-ins that happen during the count.
/// </summary>
public sealed class PasswordHashCensus(ConnexDbContext db, PepperRing peppers, IOptions<PasswordHashingOptions> options)
{
    public async Task<PasswordHashCensusReport> TakeAsync(CancellationToken cancellationToken)
    {
        var tally = new PasswordHashTally(peppers, options.Value.Argon2.ToParameters());
        await foreach (var hash in db.Accounts.Select(a => a.PasswordHash).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            tally.AddAccount(hash);
        }

        var secrets = db.Set<OpenIddictEntityFrameworkCoreApplication>().Where(a => a.ClientSecret != null).Select(a => a.ClientSecret);
        await foreach (var secret in secrets.AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            tally.AddClientSecret(secret);
        }

        return tally.ToReport();
    }
}
