using ConnexIdP.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using OpenIddict.EntityFrameworkCore.Models;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace ConnexIdP.Core.Tokens;

/// <summary>
/// Keeps the token table from growing without bound. Expired access tokens go an hour after expiry (nothing can
/// present them any more). Codes, refresh tokens and authorizations are kept for the refresh token's absolute lifetime,
/// because a redeemed refresh token must still be recognised when it is replayed, so its family can be revoked.
/// </summary>
public sealed class TokenPruner(
    ConnexDbContext db,
    IOpenIddictTokenManager tokens,
    IOpenIddictAuthorizationManager authorizations,
    IOptions<TokenOptions> options,
    TimeProvider clock)
{
    private const int BatchSize = 2000;

    public async Task<long> PruneAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var accessCutoff = (now - TimeSpan.FromHours(1)).UtcDateTime;
        long removed = 0;
        while (true)
        {
            // Small batches keep each write transaction (and SQLite's write lock) short.
            var batch = await db.Set<OpenIddictEntityFrameworkCoreToken>()
                .Where(t => t.Type == TokenTypeIdentifiers.AccessToken && t.ExpirationDate < accessCutoff)
                .Select(t => t.Id)
                .Take(BatchSize)
                .ToListAsync(cancellationToken);
            if (batch.Count == 0)
            {
                break;
            }

            removed += await db.Set<OpenIddictEntityFrameworkCoreToken>().Where(t => batch.Contains(t.Id)).ExecuteDeleteAsync(cancellationToken);
        }

        var threshold = now - options.Value.RefreshTokenAbsoluteLifetime;
        removed += await tokens.PruneAsync(threshold, cancellationToken);
        removed += await authorizations.PruneAsync(threshold, cancellationToken);
        return removed;
    }
}
