using System.Security.Cryptography;
using ConnexIdP.Core.Credentials;
using ConnexIdP.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ConnexIdP.Core.SecondFactors;

/// <summary>
/// Single-use recovery codes: ten characters from an alphabet without look-alikes (about 50 bits each), shown once as
/// <c>xxxxx-xxxxx</c>, stored as a keyed hash (<see cref="PepperedMac"/>) bound to the account, and spent by a
/// conditional UPDATE so a code works once even when two servers receive it at the same moment.
/// </summary>
public sealed class RecoveryCodes(ConnexDbContext db, PepperRing peppers, IOptions<SecondFactorOptions> options, TimeProvider clock)
{
    public const int Length = 10;

    // No 0/o, 1/i/l: what people misread on paper.
    private const string Alphabet = "23456789abcdefghjkmnpqrstuvwxyz";

    private readonly PepperedMac _mac = new(peppers, "$connexidp-recovery$", "ConnexIdP/recovery-code/v1");

    /// <summary>Replaces the account's codes with a new set and returns it; the old set stops working at once.</summary>
    public async Task<IReadOnlyList<string>> ReplaceAsync(string accountId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var codes = Enumerable.Range(0, options.Value.RecoveryCodeCount)
            .Select(_ => new string(RandomNumberGenerator.GetItems<char>(Alphabet, Length)))
            .ToList();

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.RecoveryCodes.Where(c => c.AccountId == accountId).ExecuteDeleteAsync(cancellationToken);
        db.RecoveryCodes.AddRange(codes.Select(code => new RecoveryCode
        {
            Id = Guid.CreateVersion7(now).ToString(),
            AccountId = accountId,
            Hash = _mac.Hash(Bound(accountId, code)),
            CreatedAt = now,
        }));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return [.. codes.Select(Format)];
    }

    public Task<int> RemainingAsync(string accountId, CancellationToken cancellationToken) =>
        db.RecoveryCodes.CountAsync(c => c.AccountId == accountId && c.UsedAt == null, cancellationToken);

    /// <summary>Spends the code when it is one of the account's unused ones; false otherwise.</summary>
    public async Task<bool> RedeemAsync(string accountId, string code, CancellationToken cancellationToken)
    {
        var unused = await db.RecoveryCodes.AsNoTracking()
            .Where(c => c.AccountId == accountId && c.UsedAt == null)
            .Select(c => new { c.Id, c.Hash })
            .ToListAsync(cancellationToken);

        // Every stored code is compared, so the time taken does not say which one matched.
        string? matched = null;
        foreach (var candidate in unused)
        {
            if (_mac.Verify(Bound(accountId, code), candidate.Hash))
            {
                matched = candidate.Id;
            }
        }

        return matched is not null && await db.RecoveryCodes
            .Where(c => c.Id == matched && c.UsedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.UsedAt, clock.GetUtcNow()), cancellationToken) == 1;
    }

    public Task<int> RevokeAllAsync(string accountId, CancellationToken cancellationToken) =>
        db.RecoveryCodes.Where(c => c.AccountId == accountId).ExecuteDeleteAsync(cancellationToken);

    /// <summary>The code as typed, in the stored form (lower case, no separators), or null when it cannot be one.</summary>
    public static string? Normalize(string? typed)
    {
        if (typed is null || typed.Length > 3 * Length)
        {
            return null;
        }

        var code = new string([.. typed.Where(c => c is not (' ' or '-')).Select(char.ToLowerInvariant)]);
        return code.Length == Length && code.All(c => Alphabet.Contains(c, StringComparison.Ordinal)) ? code : null;
    }

    private static string Format(string code) => $"{code[..5]}-{code[5..]}";

    private static string Bound(string accountId, string code) => $"{accountId}:{code}";
}
