using ConnexIdP.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ConnexIdP.Core.SecondFactors;

/// <summary>
/// Clears what second factors leave behind: WebAuthn ceremonies past their expiry, phone links a day after they ran out,
/// and push approval requests once they are older than a week and than the fatigue window (the security events keep
/// the record of each).
/// </summary>
public sealed class SecondFactorPruner(ConnexDbContext db, IOptions<SecondFactorOptions> options, TimeProvider clock)
{
    private static readonly TimeSpan RequestRetention = TimeSpan.FromDays(7);

    public async Task<long> PruneAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var requestCutoff = now - (options.Value.Push.FatigueWindow > RequestRetention ? options.Value.Push.FatigueWindow : RequestRetention);
        var enrollmentCutoff = now - TimeSpan.FromDays(1);
        long removed = await db.WebAuthnChallenges.Where(c => c.ExpiresAt < now).ExecuteDeleteAsync(cancellationToken);
        removed += await db.ApprovalEnrollments.Where(e => e.ExpiresAt < enrollmentCutoff).ExecuteDeleteAsync(cancellationToken);
        removed += await db.ApprovalRequests.Where(r => r.CreatedAt < requestCutoff).ExecuteDeleteAsync(cancellationToken);
        return removed;
    }
}
