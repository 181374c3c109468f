using System.Security.Cryptography;
using ConnexIdP.Core.Accounts;
using ConnexIdP.Core.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ConnexIdP.Core.SecondFactors;

/// <summary>
/// The authenticator apps of accounts: enrollment (a 160-bit secret, encrypted at rest with Data Protection), code
/// matching, and the per-account record of the last accepted time step, which makes every step usable once per
/// account, on any server sharing the database.
/// </summary>
public sealed class AuthenticatorApps(ConnexDbContext db, IDataProtectionProvider dataProtection, IOptions<SecondFactorOptions> options, TimeProvider clock)
{
    /// <summary>160 bits, the size RFC 4226 recommends and authenticator apps expect.</summary>
    public const int SecretBytes = 20;

    private const string Purpose = "ConnexIdP.SecondFactors.AuthenticatorSecret.v1";

    private TotpOptions Totp => options.Value.Totp;

    /// <summary>The account's confirmed apps, oldest first.</summary>
    public async Task<IReadOnlyList<AuthenticatorApp>> ListAsync(string accountId, CancellationToken cancellationToken) =>
        await db.AuthenticatorApps.AsNoTracking()
            .Where(a => a.AccountId == accountId && a.ConfirmedAt != null)
            .OrderBy(a => a.CreatedAt)
            .ToListAsync(cancellationToken);

    /// <summary>Starts adding an app: any earlier unfinished enrollment of the account is dropped.</summary>
    public async Task<AuthenticatorEnrollment> BeginAsync(Account account, string name, bool confirmed, CancellationToken cancellationToken)
    {
        await db.AuthenticatorApps.Where(a => a.AccountId == account.Id && a.ConfirmedAt == null).ExecuteDeleteAsync(cancellationToken);
        var secret = RandomNumberGenerator.GetBytes(SecretBytes);
        var now = clock.GetUtcNow();
        var app = new AuthenticatorApp
        {
            Id = Guid.CreateVersion7(now).ToString(),
            AccountId = account.Id,
            Name = name,
            ProtectedSecret = Protector(account.Id).Protect(Convert.ToBase64String(secret)),
            Algorithm = Totp.Algorithm,
            Digits = Totp.Digits,
            PeriodSeconds = Totp.PeriodSeconds,
            CreatedAt = now,
            ConfirmedAt = confirmed ? now : null,
        };
        db.AuthenticatorApps.Add(app);
        await db.SaveChangesAsync(cancellationToken);
        return Describe(account, app, secret);
    }

    /// <summary>An unfinished enrollment of the account that has not expired, or null.</summary>
    public async Task<AuthenticatorApp?> FindPendingAsync(string accountId, string? id, CancellationToken cancellationToken)
    {
        if (id is null)
        {
            return null;
        }

        var notBefore = clock.GetUtcNow() - Totp.EnrollmentLifetime;
        var app = await db.AuthenticatorApps.FirstOrDefaultAsync(a => a.Id == id && a.AccountId == accountId && a.ConfirmedAt == null, cancellationToken);
        return app is not null && app.CreatedAt >= notBefore ? app : null;
    }

    /// <summary>The enrollment details again (the page shows them until the first code is right).</summary>
    public AuthenticatorEnrollment Describe(Account account, AuthenticatorApp app) => Describe(account, app, Secret(app));

    /// <summary>The time step (as its start, Unix seconds) whose code is <paramref name="code"/> for <paramref name="app"/>, or null.</summary>
    public long? Match(AuthenticatorApp app, string code)
    {
        var step = TotpCode.Match(Secret(app), app.Algorithm, app.Digits, app.PeriodSeconds, code, clock.GetUtcNow(), Totp.AllowedDriftSteps);
        return step * app.PeriodSeconds;
    }

    /// <summary>
    /// Records that the account used the time step starting at <paramref name="stepStart"/>; false when it (or a later
    /// one) was already used. A single conditional UPDATE, so two servers cannot both accept the same code.
    /// </summary>
    public async Task<bool> TryUseStepAsync(string accountId, long stepStart, CancellationToken cancellationToken) =>
        await db.Accounts
            .Where(a => a.Id == accountId && (a.LastOtpStepStart == null || a.LastOtpStepStart < stepStart))
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.LastOtpStepStart, stepStart), cancellationToken) == 1;

    private byte[] Secret(AuthenticatorApp app) => Convert.FromBase64String(Protector(app.AccountId).Unprotect(app.ProtectedSecret));

    private IDataProtector Protector(string accountId) => dataProtection.CreateProtector(Purpose, accountId);

    private static string Algorithm(TotpAlgorithm algorithm) => algorithm switch
    {
        TotpAlgorithm.Sha256 => "SHA256",
        TotpAlgorithm.Sha512 => "SHA512",
        _ => "SHA1",
    };

    private AuthenticatorEnrollment Describe(Account account, AuthenticatorApp app, byte[] secret)
    {
        var base32 = TotpCode.ToBase32(secret);
        var issuer = Uri.EscapeDataString(Totp.Issuer);
        var uri = $"otpauth://totp/{issuer}:{Uri.EscapeDataString(account.Email)}?secret={base32}&issuer={issuer}"
            + $"&algorithm={Algorithm(app.Algorithm)}&digits={app.Digits}&period={app.PeriodSeconds}";
        return new AuthenticatorEnrollment(app.Id, app.Name, base32, uri);
    }
}
