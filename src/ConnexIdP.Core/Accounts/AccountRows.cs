using System.Security.Cryptography;
using ConnexIdP.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace ConnexIdP.Core.Accounts;

/// <summary>How an account row is made and first stored: the same for an administrator's account and a registration.</summary>
internal static class AccountRows
{
    public static string NewSecurityStamp() => Convert.ToHexString(RandomNumberGenerator.GetBytes(16));

    public static Account New(string email, string normalizedEmail, string? displayName, string passwordHash, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now).ToString(),
        Email = email.Trim(),
        NormalizedEmail = normalizedEmail,
        DisplayName = string.IsNullOrWhiteSpace(displayName) ? null : displayName.Trim(),
        PasswordHash = passwordHash,
        SecurityStamp = NewSecurityStamp(),
        CreatedAt = now,
        UpdatedAt = now,
    };

    /// <summary>
    /// Stores a new account; false when another account has its email. Two creations of one email can both pass an
    /// earlier check: the unique index decides, and the loser gets false.
    /// </summary>
    public static async Task<bool> TryInsertAsync(ConnexDbContext db, Account account, CancellationToken cancellationToken)
    {
        db.Accounts.Add(account);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException)
        {
            db.Entry(account).State = EntityState.Detached;
            if (await db.Accounts.AsNoTracking().AnyAsync(a => a.NormalizedEmail == account.NormalizedEmail && a.Id != account.Id, cancellationToken))
            {
                return false;
            }

            throw;
        }
    }
}
