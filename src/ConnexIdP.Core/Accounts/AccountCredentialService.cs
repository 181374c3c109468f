using System.Globalization;
using System.Text;
using ConnexIdP.Core.Credentials;
using ConnexIdP.Core.Data;
using ConnexIdP.Core.Defence;
using ConnexIdP.Core.Passwords;
using ConnexIdP.Core.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;

namespace ConnexIdP.Core.Accounts;

/// <summary>
/// The password lifecycle of an account: self-service registration, password change, email change and an
/// administrator's generated password. Every new password passes <see cref="PasswordPolicy"/>; every hash runs through
/// <see cref="PasswordHashingGate"/>; every change of credentials changes the security stamp, which ends other sessions.
/// </summary>
public sealed partial class AccountCredentialService(
    ConnexDbContext db,
    PasswordHasher hasher,
    PasswordHashingGate gate,
    PasswordPolicy policy,
    PasswordGenerator generator,
    SignInDefence defence,
    IOpenIddictTokenManager tokens,
    SecurityEventLog events,
    IOptions<RegistrationOptions> registration,
    TimeProvider clock,
    ILogger<AccountCredentialService> logger)
{
    public const string WrongCurrentPassword = "The current password is incorrect.";

    public bool RegistrationEnabled => registration.Value.Enabled;

    /// <summary>
    /// Registers an account. When the email already has one, the same hashing work is done and the same answer given,
    /// and nothing changes: the existing account keeps its password.
    /// </summary>
    public async Task<RegistrationResult> RegisterAsync(string? email, string? displayName, string? password, SecurityEventContext request, CancellationToken cancellationToken)
    {
        if (!registration.Value.Enabled)
        {
            return new RegistrationResult(AccountError.RegistrationClosed, "Registration is not open here; ask an administrator for an account.");
        }

        if (!EmailAddress.TryNormalize(email, out var normalized))
        {
            return new RegistrationResult(AccountError.InvalidEmail, "Enter a valid email address.");
        }

        if (displayName is { Length: > 200 })
        {
            return new RegistrationResult(AccountError.InvalidName, "The name is longer than 200 characters.");
        }

        var verdict = policy.Check(password ?? string.Empty, new PasswordContext(normalized, PasswordOrigin.Person));
        if (!verdict.IsAccepted)
        {
            return new RegistrationResult(AccountError.InvalidPassword, verdict.Message);
        }

        var existing = await db.Accounts.AsNoTracking().Where(a => a.NormalizedEmail == normalized).Select(a => a.Id).FirstOrDefaultAsync(cancellationToken);

        // Hashed whether or not the account exists: the time taken must not tell the two apart.
        var hashed = await gate.RunAsync(HashingPartition.For(normalized, request.Source), () => hasher.Hash(password!, normalized), cancellationToken);
        if (hashed.Busy is { } busy)
        {
            return RegistrationResult.Busy(busy);
        }

        if (existing is not null)
        {
            return await ExistingAsync(existing, request);
        }

        var account = AccountRows.New(email!, normalized, displayName, hashed.Value, clock.GetUtcNow());
        if (!await AccountRows.TryInsertAsync(db, account, cancellationToken))
        {
            // A concurrent registration of the same email won the unique index: the same answer as any existing account.
            var winner = await db.Accounts.AsNoTracking().Where(a => a.NormalizedEmail == normalized).Select(a => a.Id).FirstAsync(cancellationToken);
            return await ExistingAsync(winner, request);
        }

        LogRegistered(logger, account.Id);
        await events.RecordAsync(SecurityEventTypes.AccountRegistered, SecuritySeverity.Info, SecurityOutcome.Success, request, CancellationToken.None,
            accountId: account.Id, details: "self-service registration");
        return RegistrationResult.Received;
    }

    // The event is written even if the caller goes away: the page has already given its answer.
    private async Task<RegistrationResult> ExistingAsync(string accountId, SecurityEventContext request)
    {
        LogRegistrationForExisting(logger);
        await events.RecordAsync(SecurityEventTypes.AccountRegistrationForExisting, SecuritySeverity.Low, SecurityOutcome.Refused, request, CancellationToken.None,
            accountId: accountId, details: "the email already has this account; answered as a new registration, nothing changed");
        return RegistrationResult.Received;
    }

    /// <summary>
    /// Changes the password after checking the current one, behind the same backoff and lockout as sign-in (the check is
    /// a password guess like any other). Other sessions end (new security stamp) and every token issued to the account is
    /// revoked, refresh tokens included.
    /// </summary>
    public async Task<AccountResult> ChangePasswordAsync(
        string accountId, string? currentPassword, string? newPassword, SignInAttempt attempt, CancellationToken cancellationToken)
    {
        var account = await FindActiveAsync(accountId, cancellationToken);
        if (account is null)
        {
            return AccountResult.Fail(AccountError.NotFound, "The account is no longer active.");
        }

        newPassword ??= string.Empty;
        currentPassword ??= string.Empty;
        var verdict = policy.Check(newPassword, new PasswordContext(account.NormalizedEmail, PasswordOrigin.Person));
        if (!verdict.IsAccepted)
        {
            return AccountResult.Fail(AccountError.InvalidPassword, verdict.Message!);
        }

        if (string.Equals(Normalized(currentPassword), Normalized(newPassword), StringComparison.Ordinal))
        {
            return AccountResult.Fail(AccountError.InvalidPassword, "Choose a password different from the current one.");
        }

        var email = account.NormalizedEmail;
        var stored = account.PasswordHash;
        var (newHash, refusal) = await CheckCurrentPasswordAsync(account, attempt, "password-change",
            () => hasher.Verify(stored, currentPassword, email) == PasswordVerificationResult.Failed ? null : hasher.Hash(newPassword, email),
            cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }

        account.PasswordHash = newHash;
        account.PasswordChangeRequired = null;
        await SaveCredentialChangeAsync(account, cancellationToken);
        var revoked = await tokens.RevokeBySubjectAsync(account.Id, cancellationToken);
        LogPasswordChanged(logger, account.Id, revoked);
        return AccountResult.Ok(account);
    }

    /// <summary>
    /// Changes the sign-in email after checking the password, and rehashes the password: its salt is seasoned with the
    /// email, so the old hash would not verify under the new one. Other sessions end.
    /// </summary>
    public async Task<AccountResult> ChangeEmailAsync(
        string accountId, string? newEmail, string? currentPassword, SignInAttempt attempt, CancellationToken cancellationToken)
    {
        var account = await FindActiveAsync(accountId, cancellationToken);
        if (account is null)
        {
            return AccountResult.Fail(AccountError.NotFound, "The account is no longer active.");
        }

        if (!EmailAddress.TryNormalize(newEmail, out var normalized))
        {
            return AccountResult.Fail(AccountError.InvalidEmail, "Enter a valid email address.");
        }

        currentPassword ??= string.Empty;
        var oldEmail = account.NormalizedEmail;
        var stored = account.PasswordHash;
        var (newHash, refusal) = await CheckCurrentPasswordAsync(account, attempt, "email-change",
            () => hasher.Verify(stored, currentPassword, oldEmail) == PasswordVerificationResult.Failed ? null : hasher.Hash(currentPassword, normalized),
            cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }

        // Checked only after the password: without it, this page tells nothing about which emails have accounts.
        if (normalized != oldEmail && await db.Accounts.AsNoTracking().AnyAsync(a => a.NormalizedEmail == normalized, cancellationToken))
        {
            return AccountResult.Fail(AccountError.DuplicateEmail, "This email address cannot be used for this account.");
        }

        account.Email = newEmail!.Trim();
        account.NormalizedEmail = normalized;
        account.PasswordHash = newHash;
        try
        {
            await SaveCredentialChangeAsync(account, cancellationToken);
        }
        catch (DbUpdateException)
        {
            if (!await EmailTakenAsync(account, normalized, cancellationToken))
            {
                throw;
            }

            return AccountResult.Fail(AccountError.DuplicateEmail, "This email address cannot be used for this account.");
        }

        LogEmailChanged(logger, account.Id);
        return AccountResult.Ok(account);
    }

    /// <summary>
    /// Signs the account of <paramref name="email"/> out everywhere: every session cookie issued so far stops working (new
    /// security stamp) and every token issued to the account is revoked, so each application must sign the person in
    /// again. Remembered consents stay. Recorded as a security event naming <paramref name="actor"/>.
    /// </summary>
    public async Task<AccountResult> EndSessionsAsync(string email, string actor, SecurityEventContext request, CancellationToken cancellationToken)
    {
        if (!EmailAddress.TryNormalize(email, out var normalized)
            || await db.Accounts.FirstOrDefaultAsync(a => a.NormalizedEmail == normalized, cancellationToken) is not { } account)
        {
            return AccountResult.Fail(AccountError.NotFound, "No account has this email.");
        }

        // Once the sessions have ended, the rest is carried through even if the caller goes away: tokens left valid, or an
        // unrecorded sign-out, would be worse than a late answer.
        await SaveCredentialChangeAsync(account, cancellationToken);
        var revoked = await tokens.RevokeBySubjectAsync(account.Id, CancellationToken.None);
        LogSessionsEnded(logger, account.Id, revoked);
        await events.RecordAsync(SecurityEventTypes.AccountSessionsEnded, SecuritySeverity.Info, SecurityOutcome.Success, request, CancellationToken.None,
            accountId: account.Id, details: string.Create(CultureInfo.InvariantCulture, $"by {actor}; tokens revoked={revoked}"));
        return AccountResult.Ok(account);
    }

    /// <summary>
    /// Gives the account a generated password that must be changed at the next sign-in, ends its sessions and revokes
    /// its tokens. The password is returned once, for the administrator to hand over; it is never stored in clear (nor
    /// in the security event naming <paramref name="actor"/>).
    /// </summary>
    public async Task<(AccountResult Result, string? Password)> SetGeneratedPasswordAsync(string email, string actor, CancellationToken cancellationToken)
    {
        if (!EmailAddress.TryNormalize(email, out var normalized))
        {
            return (AccountResult.Fail(AccountError.InvalidEmail, "The email address is not valid."), null);
        }

        var account = await db.Accounts.FirstOrDefaultAsync(a => a.NormalizedEmail == normalized, cancellationToken);
        if (account is null)
        {
            return (AccountResult.Fail(AccountError.NotFound, "No account has this email."), null);
        }

        var password = generator.Generate(normalized);
        var hashed = await gate.RunAsync(HashingPartition.For(normalized, source: null), () => hasher.Hash(password, normalized), cancellationToken);
        if (hashed.Busy is { } busy)
        {
            return (AccountResult.Busy(busy), null);
        }

        account.PasswordHash = hashed.Value;
        account.PasswordChangeRequired = PasswordChangeReason.Initial;
        await SaveCredentialChangeAsync(account, cancellationToken);
        await tokens.RevokeBySubjectAsync(account.Id, cancellationToken);
        LogPasswordReset(logger, account.Id);
        await events.RecordAsync(SecurityEventTypes.AdminPasswordReset, SecuritySeverity.Low, SecurityOutcome.Success, SecurityEventContext.None,
            cancellationToken, accountId: account.Id, details: $"by {actor}; change required at the next sign-in");
        return (AccountResult.Ok(account), password);
    }

    /// <summary>
    /// Runs <paramref name="verifyAndHash"/> (null when the current password is wrong) through the account's password
    /// counter (or its known device's) and the hashing gate: the new hash, or the refusal to answer with.
    /// </summary>
    private async Task<(string? NewHash, AccountResult? Refusal)> CheckCurrentPasswordAsync(
        Account account, SignInAttempt attempt, string during, Func<string?> verifyAndHash, CancellationToken cancellationToken)
    {
        var claim = await defence.ClaimAsync(attempt.PasswordCounterKey(account, account.NormalizedEmail), cancellationToken);
        if (claim.Refusal is { } throttled)
        {
            return (null, AccountResult.Throttled(throttled));
        }

        var outcome = await gate.RunAsync(HashingPartition.For(account.NormalizedEmail, attempt.Request.Source), verifyAndHash, cancellationToken);
        if (outcome.Busy is { } busy)
        {
            await defence.ReleaseAsync(claim, cancellationToken);
            return (null, AccountResult.Busy(busy));
        }

        if (outcome.Value is not { } newHash)
        {
            LogWrongCurrentPassword(logger, account.Id);
            await defence.RecordFailureAsync(claim, attempt.Request, account.Id, $"factor=password; reason=wrong-current-password; during={during}", cancellationToken);
            return (null, AccountResult.Fail(AccountError.WrongPassword, WrongCurrentPassword));
        }

        await defence.SucceededAsync(claim.Key, cancellationToken);
        return (newHash, null);
    }

    private async Task<Account?> FindActiveAsync(string accountId, CancellationToken cancellationToken) =>
        await db.Accounts.FirstOrDefaultAsync(a => a.Id == accountId && a.Status == AccountStatus.Active, cancellationToken);

    private async Task SaveCredentialChangeAsync(Account account, CancellationToken cancellationToken)
    {
        account.SecurityStamp = AccountRows.NewSecurityStamp();
        account.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
    }

    private async Task<bool> EmailTakenAsync(Account account, string normalized, CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        return await db.Accounts.AsNoTracking().AnyAsync(a => a.NormalizedEmail == normalized && a.Id != account.Id, cancellationToken);
    }

    private static string Normalized(string password) =>
        password.IsNormalized(NormalizationForm.FormC) ? password : SafeNormalize(password);

    private static string SafeNormalize(string password)
    {
        try
        {
            return password.Normalize(NormalizationForm.FormC);
        }
        catch (ArgumentException)
        {
            return password;
        }
    }


    [LoggerMessage(EventId = 1010, Level = LogLevel.Information, Message = "Account {AccountId} registered itself")]
    private static partial void LogRegistered(ILogger logger, string accountId);

    [LoggerMessage(EventId = 1011, Level = LogLevel.Information, Message = "Registration for an email that already has an account: nothing changed")]
    private static partial void LogRegistrationForExisting(ILogger logger);

    [LoggerMessage(EventId = 1012, Level = LogLevel.Information, Message = "Account {AccountId} changed its password; {Revoked} tokens revoked, other sessions ended")]
    private static partial void LogPasswordChanged(ILogger logger, string accountId, long revoked);

    [LoggerMessage(EventId = 1013, Level = LogLevel.Warning, Message = "Account {AccountId}: wrong current password on a credential change")]
    private static partial void LogWrongCurrentPassword(ILogger logger, string accountId);

    [LoggerMessage(EventId = 1014, Level = LogLevel.Information, Message = "Account {AccountId} changed its email; password rehashed, other sessions ended")]
    private static partial void LogEmailChanged(ILogger logger, string accountId);

    [LoggerMessage(EventId = 1016, Level = LogLevel.Information, Message = "Account {AccountId} signed out everywhere: sessions ended, {Revoked} tokens revoked")]
    private static partial void LogSessionsEnded(ILogger logger, string accountId, long revoked);

    [LoggerMessage(EventId = 1015, Level = LogLevel.Information, Message = "Account {AccountId} given a generated password that must be changed at the next sign-in")]
    private static partial void LogPasswordReset(ILogger logger, string accountId);
}
