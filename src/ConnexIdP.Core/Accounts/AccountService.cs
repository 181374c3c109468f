using System.Globalization;
using ConnexIdP.Core.Credentials;
using ConnexIdP.Core.Data;
using ConnexIdP.Core.Defence;
using ConnexIdP.Core.Passwords;
using ConnexIdP.Core.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace ConnexIdP.Core.Accounts;

/// <summary>
/// Creates, finds and changes accounts, and checks passwords at sign-in. Used alike by the server and the CLI. Every
/// password hash runs through <see cref="PasswordHashingGate"/>, which may answer busy instead.
/// </summary>
public sealed partial class AccountService(
    ConnexDbContext db,
    PasswordHasher hasher,
    PasswordHashingGate gate,
    PasswordPolicy policy,
    SignInDefence defence,
    FailureCounterStore counters,
    SecurityEventLog events,
    TimeProvider clock,
    ILogger<AccountService> logger)
{
    /// <summary>An administrator's account creation, recorded as <see cref="SecurityEventTypes.AdminAccountCreated"/> naming <paramref name="actor"/>.</summary>
    public async Task<AccountResult> CreateAsync(NewAccount request, string actor, CancellationToken cancellationToken)
    {
        if (!EmailAddress.TryNormalize(request.Email, out var normalized))
        {
            return AccountResult.Fail(AccountError.InvalidEmail, "The email address is not valid.");
        }

        var verdict = policy.Check(request.Password ?? string.Empty, new PasswordContext(normalized, request.Origin));
        if (!verdict.IsAccepted)
        {
            return AccountResult.Fail(AccountError.InvalidPassword, verdict.Message!);
        }

        if (request.DisplayName is { Length: > 200 })
        {
            return AccountResult.Fail(AccountError.InvalidName, "The display name is longer than 200 characters.");
        }

        if (await db.Accounts.AnyAsync(a => a.NormalizedEmail == normalized, cancellationToken))
        {
            return AccountResult.Fail(AccountError.DuplicateEmail, "An account with this email already exists.");
        }

        var hashed = await gate.RunAsync(HashingPartition.For(normalized, source: null), () => hasher.Hash(request.Password!, normalized), cancellationToken);
        if (hashed.Busy is { } busy)
        {
            return AccountResult.Busy(busy);
        }

        var account = AccountRows.New(request.Email, normalized, request.DisplayName, hashed.Value, clock.GetUtcNow());
        account.IsAdmin = request.IsAdmin;
        account.PasswordChangeRequired = request.PasswordChangeRequired;
        if (!await AccountRows.TryInsertAsync(db, account, cancellationToken))
        {
            return AccountResult.Fail(AccountError.DuplicateEmail, "An account with this email already exists.");
        }

        LogCreated(logger, account.Id, account.IsAdmin);
        await events.RecordAsync(SecurityEventTypes.AdminAccountCreated, SecuritySeverity.Info, SecurityOutcome.Success, SecurityEventContext.None,
            cancellationToken, accountId: account.Id, details: $"by {actor}; administrator={(account.IsAdmin ? "yes" : "no")}");
        return AccountResult.Ok(account);
    }

    public Task<Account?> FindByIdAsync(string id, CancellationToken cancellationToken) =>
        db.Accounts.FirstOrDefaultAsync(a => a.Id == id, cancellationToken);

    public async Task<Account?> FindByEmailAsync(string email, CancellationToken cancellationToken) =>
        EmailAddress.TryNormalize(email, out var normalized)
            ? await db.Accounts.FirstOrDefaultAsync(a => a.NormalizedEmail == normalized, cancellationToken)
            : null;

    public async Task<IReadOnlyList<Account>> ListAsync(CancellationToken cancellationToken) =>
        await db.Accounts.AsNoTracking().OrderBy(a => a.NormalizedEmail).ToListAsync(cancellationToken);

    /// <summary>Disables the account and changes its security stamp, which ends its sessions. Recorded naming <paramref name="actor"/>.</summary>
    public async Task<AccountResult> DisableAsync(string email, string actor, CancellationToken cancellationToken)
    {
        var account = await FindByEmailAsync(email, cancellationToken);
        if (account is null)
        {
            return AccountResult.Fail(AccountError.NotFound, "No account has this email.");
        }

        account.Status = AccountStatus.Disabled;
        account.SecurityStamp = AccountRows.NewSecurityStamp();
        account.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        LogDisabled(logger, account.Id);
        await events.RecordAsync(SecurityEventTypes.AdminAccountDisabled, SecuritySeverity.Low, SecurityOutcome.Success, SecurityEventContext.None,
            cancellationToken, accountId: account.Id, details: $"by {actor}");
        return AccountResult.Ok(account);
    }

    /// <summary>
    /// Checks an email and password behind the backoff and lockout of <see cref="SignInDefence"/>: the attempt is counted
    /// on the account's password counter (by normalised email, whether or not an account has it), or on the device's
    /// own counter when it comes from a known device of that account, before anything is checked; a counter in backoff or
    /// locked refuses it with no hashing. Unknown, malformed and disabled accounts cost the same Argon2 work as a wrong
    /// password and produce the same answer. A correct password under outdated parameters or pepper is rehashed.
    /// When the hashing gate is busy nothing is checked (nor counted) and the result says when to retry.
    /// Every outcome is a security event.
    /// </summary>
    public async Task<PasswordSignInResult> CheckPasswordAsync(string? email, string? password, SignInAttempt attempt, CancellationToken cancellationToken)
    {
        password ??= string.Empty;
        Account? account = null;
        var readable = EmailAddress.TryNormalize(email, out var normalized);
        if (readable)
        {
            account = await db.Accounts.FirstOrDefaultAsync(a => a.NormalizedEmail == normalized, cancellationToken);
        }

        var knownDevice = attempt.DeviceOf(account);
        var claim = await defence.ClaimAsync(attempt.PasswordCounterKey(account, readable ? normalized : null), cancellationToken);
        if (claim.Refusal is { } refusal)
        {
            await RecordAsync(SecurityEventTypes.SignInRefused, SecuritySeverity.Low, SecurityOutcome.Refused, attempt, account, knownDevice, refusal.Describe(), cancellationToken);
            return PasswordSignInResult.Refused(refusal);
        }

        if (password.Length > 2 * policy.MaximumLength || password.EnumerateRunes().Count() > policy.MaximumLength)
        {
            // No password this long can have been set: refused before any hashing, the same way for every email.
            return await FailAsync("too-long", claim, attempt, account, knownDevice, cancellationToken);
        }

        // No account: verifying against no hash costs one decoy verification, the work and the answer of a wrong password.
        var active = account?.Status == AccountStatus.Active;
        var stored = account?.PasswordHash;
        var checkedPassword = await gate.RunAsync(
            HashingPartition.For(readable ? normalized : null, attempt.Request.Source), () => VerifyAndUpgrade(stored, password, normalized, active), cancellationToken);
        if (checkedPassword.Busy is { } busy)
        {
            await defence.ReleaseAsync(claim, cancellationToken);
            return PasswordSignInResult.Refused(busy);
        }

        if (account is null)
        {
            return await FailAsync("unknown-account", claim, attempt, account, knownDevice, cancellationToken);
        }

        var (verification, upgradedHash) = checkedPassword.Value;
        if (verification == PasswordVerificationResult.Failed)
        {
            return await FailAsync("wrong-password", claim, attempt, account, knownDevice, cancellationToken);
        }

        if (!active)
        {
            return await FailAsync("disabled", claim, attempt, account, knownDevice, cancellationToken);
        }

        await defence.SucceededAsync(claim.Key, cancellationToken);
        await RecordAsync(SecurityEventTypes.SignInPasswordVerified, SecuritySeverity.Info, SecurityOutcome.Success, attempt, account, knownDevice, null, cancellationToken);

        if (upgradedHash is not null)
        {
            account.PasswordHash = upgradedHash;
            account.UpdatedAt = clock.GetUtcNow();
            await db.SaveChangesAsync(cancellationToken);
            LogRehashed(logger, account.Id);
        }

        // The known-password list may have learnt this password since it was set: it must be replaced before going on.
        if (account.PasswordChangeRequired is null && policy.IsKnownPassword(password))
        {
            account.PasswordChangeRequired = PasswordChangeReason.Breached;
            account.UpdatedAt = clock.GetUtcNow();
            await db.SaveChangesAsync(cancellationToken);
            LogKnownPassword(logger, account.Id);
        }

        return PasswordSignInResult.Success(account);
    }

    /// <summary>
    /// Records that <paramref name="account"/> completed a sign-in with <paramref name="methods"/> (RFC 8176 <c>amr</c>
    /// values) and now has a session: after the password alone, after the second factor a password owed, or with a passkey.
    /// </summary>
    public Task RecordSignInAsync(Account account, IEnumerable<string> methods, SecurityEventContext request, CancellationToken cancellationToken) =>
        events.RecordAsync(SecurityEventTypes.SignInSucceeded, SecuritySeverity.Info, SecurityOutcome.Success, request, cancellationToken,
            accountId: account.Id, details: "amr=" + string.Join(',', methods));

    /// <summary>The password backoff and lockout state of <paramref name="email"/> (an account or not), or null when the email cannot be read.</summary>
    public async Task<PasswordLockout?> GetPasswordLockoutAsync(string email, CancellationToken cancellationToken)
    {
        if (!EmailAddress.TryNormalize(email, out var normalized))
        {
            return null;
        }

        var account = await db.Accounts.AsNoTracking().FirstOrDefaultAsync(a => a.NormalizedEmail == normalized, cancellationToken);
        var counter = await counters.ReadAsync(CounterKey.ForEmail(Factors.Password, normalized), cancellationToken);
        var devices = account is null ? 0 : await counters.CountAsync(CounterKey.DevicePrefix(Factors.Password, account.Id), cancellationToken);
        return new PasswordLockout(normalized, account?.Id, CounterState.Of(counter, defence.Schedule, clock.GetUtcNow()), devices);
    }

    /// <summary>
    /// Forgets the consecutive password failures of <paramref name="email"/> (from anywhere and from every known device)
    /// and the account's second-factor failures,
    /// which lifts a lockout, even one that waits for an administrator. Works for an email without an account too: its
    /// counter is kept all the same. Recorded as a security event naming <paramref name="actor"/> (<c>cli</c>, <c>admin-api:client:...</c>).
    /// </summary>
    public async Task<(AccountResult Result, int Cleared)> UnlockAsync(string email, string actor, SecurityEventContext request, CancellationToken cancellationToken)
    {
        if (!EmailAddress.TryNormalize(email, out var normalized))
        {
            return (AccountResult.Fail(AccountError.InvalidEmail, "The email address is not valid."), 0);
        }

        var account = await db.Accounts.AsNoTracking().FirstOrDefaultAsync(a => a.NormalizedEmail == normalized, cancellationToken);
        var emailKey = CounterKey.ForEmail(Factors.Password, normalized);
        var cleared = account is null
            ? await counters.ResetAsync(emailKey, cancellationToken)
            : await counters.ResetAsync(emailKey, CounterKey.DevicePrefix(Factors.Password, account.Id), cancellationToken);
        if (account is not null)
        {
            // The factors after the password have counters of their own, locked the same way.
            foreach (var factor in Factors.AfterPassword)
            {
                cleared += await counters.ResetAsync(CounterKey.ForAccount(factor, account.Id), cancellationToken);
            }

            // A suspension of push approval (fatigue limit, or a reported fraud) is lifted with the rest. It ends now rather
            // than vanishing: the fatigue limit counts from the end of the last suspension, so the requests refused before
            // the unlock do not suspend push again at the next one.
            var now = clock.GetUtcNow();
            cleared += await db.Accounts.Where(a => a.Id == account.Id && a.PushSuspendedUntil > now)
                .ExecuteUpdateAsync(u => u.SetProperty(a => a.PushSuspendedUntil, now), cancellationToken);
        }

        if (account is null && cleared == 0)
        {
            return (AccountResult.Fail(AccountError.NotFound, "No account has this email, and no failures are counted for it."), 0);
        }

        await events.RecordAsync(SecurityEventTypes.AccountUnlocked, SecuritySeverity.Info, SecurityOutcome.Success, request, cancellationToken,
            accountId: account?.Id, details: string.Create(CultureInfo.InvariantCulture, $"factors=password,{string.Join(',', Factors.AfterPassword)}; counters cleared={cleared}; by an administrator ({actor})"));
        LogUnlocked(logger, account?.Id, cleared);
        return (account is null ? AccountResult.Fail(AccountError.NotFound, "No account has this email; its failures are cleared.") : AccountResult.Ok(account), cleared);
    }

    private async Task<PasswordSignInResult> FailAsync(
        string reason, AttemptClaim claim, SignInAttempt attempt, Account? account, KnownDevice? knownDevice, CancellationToken cancellationToken)
    {
        LogFailed(logger, reason);
        await defence.RecordFailureAsync(claim, attempt.Request, account?.Id, $"{CounterDetails(knownDevice)}; reason={reason}", cancellationToken);
        return PasswordSignInResult.Failed;
    }

    private static string CounterDetails(KnownDevice? knownDevice) =>
        knownDevice is null ? "factor=password; counter=account" : "factor=password; counter=known device";

    private Task RecordAsync(
        string type, SecuritySeverity severity, SecurityOutcome outcome, SignInAttempt attempt, Account? account, KnownDevice? knownDevice, string? details, CancellationToken cancellationToken)
    {
        var counted = CounterDetails(knownDevice);
        return events.RecordAsync(type, severity, outcome, attempt.Request, cancellationToken,
            accountId: account?.Id, details: details is null ? counted : counted + "; " + details);
    }

    // One pass through the gate: the rehash of a correct password rides with its verification, so a sign-in that
    // succeeded never finds the gate busy afterwards. Disabled accounts are not rehashed.
    private (PasswordVerificationResult Verification, string? UpgradedHash) VerifyAndUpgrade(string? stored, string password, string normalizedEmail, bool active)
    {
        var verification = hasher.Verify(stored, password, normalizedEmail);
        return verification == PasswordVerificationResult.SuccessRehashNeeded && active
            ? (verification, hasher.Hash(password, normalizedEmail))
            : (verification, null);
    }


    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Account {AccountId} created (admin: {IsAdmin})")]
    private static partial void LogCreated(ILogger logger, string accountId, bool isAdmin);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "Account {AccountId} disabled")]
    private static partial void LogDisabled(ILogger logger, string accountId);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Information, Message = "Password sign-in failed ({Reason})")]
    private static partial void LogFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Information, Message = "Password hash of account {AccountId} rewritten under current parameters")]
    private static partial void LogRehashed(ILogger logger, string accountId);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Warning, Message = "Account {AccountId} signed in with a password on the known-password list; it must choose another")]
    private static partial void LogKnownPassword(ILogger logger, string accountId);

    [LoggerMessage(EventId = 1006, Level = LogLevel.Information, Message = "Password failures of account {AccountId} cleared by an administrator ({Cleared} counters)")]
    private static partial void LogUnlocked(ILogger logger, string? accountId, int cleared);
}
