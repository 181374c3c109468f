using System.Globalization;
using ConnexIdP.Core.Accounts;
using ConnexIdP.Core.Data;
using ConnexIdP.Core.Defence;
using ConnexIdP.Core.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ConnexIdP.Core.SecondFactors;

/// <summary>
/// The product's second-factor decisions, used alike by the sign-in pages, the account pages and the CLI: who must have
/// a factor, checking a code behind the sign-in defence (each factor has its own counter per account), enrollment,
/// removal (never an account's last factor when it must have one) and recovery codes. Every change is a security event.
/// </summary>
public sealed partial class SecondFactorService(
    ConnexDbContext db,
    AuthenticatorApps apps,
    RecoveryCodes recoveryCodes,
    SignInDefence defence,
    SecurityEventLog events,
    IOptions<SecondFactorOptions> options,
    TimeProvider clock,
    ILogger<SecondFactorService> logger)
{
    public const string WrongCodeMessage = "That code is not right. Enter the code your authenticator app shows now.";
    public const string ReplayedMessage = "That code was already used. Wait for your app to show a new code.";
    public const string WrongRecoveryCodeMessage = "That recovery code is not right, or it was already used.";

    private static readonly string[] OtpMethods = [AuthenticationMethods.OneTimePassword];

    public SecondFactorOptions Options => options.Value;

    /// <summary>Administrators, accounts marked so, and every account when <c>SecondFactors:RequiredForEveryone</c> is set.</summary>
    public bool IsRequiredFor(Account account) => account.IsAdmin || account.SecondFactorRequired || options.Value.RequiredForEveryone;

    public async Task<SecondFactorStatus> StatusAsync(Account account, CancellationToken cancellationToken) => new(
        await apps.ListAsync(account.Id, cancellationToken),
        await recoveryCodes.RemainingAsync(account.Id, cancellationToken),
        IsRequiredFor(account));

    /// <summary>
    /// Checks a code of <paramref name="kind"/> for <paramref name="account"/>. The attempt is counted on the factor's own
    /// counter before anything is checked, as passwords are, so guessing meets the same backoff and lockout.
    /// </summary>
    public async Task<SecondFactorResult> VerifyAsync(Account account, SecondFactorKind kind, string? code, SecurityEventContext request, CancellationToken cancellationToken)
    {
        var factor = kind == SecondFactorKind.RecoveryCode ? Factors.RecoveryCode : Factors.AuthenticatorApp;
        var claim = await defence.ClaimAsync(CounterKey.ForAccount(factor, account.Id), cancellationToken);
        if (claim.Refusal is { } refusal)
        {
            await events.RecordAsync(SecurityEventTypes.SignInRefused, SecuritySeverity.Low, SecurityOutcome.Refused, request, cancellationToken,
                accountId: account.Id, details: $"factor={factor}; {refusal.Describe()}");
            return SecondFactorResult.Throttled(refusal);
        }

        return kind == SecondFactorKind.RecoveryCode
            ? await RedeemRecoveryCodeAsync(account, code, claim, request, cancellationToken)
            : await CheckAuthenticatorCodeAsync(account, code, claim, request, cancellationToken);
    }

    /// <summary>Starts adding an authenticator app named <paramref name="name"/>; it counts once its first code is confirmed.</summary>
    public async Task<(AuthenticatorEnrollment? Enrollment, SecondFactorResult Result)> BeginAuthenticatorAsync(Account account, string? name, CancellationToken cancellationToken)
    {
        var problem = await CheckNewAuthenticatorAsync(account, name, cancellationToken);
        if (problem is not null)
        {
            return (null, problem);
        }

        return (await apps.BeginAsync(account, name!.Trim(), confirmed: false, cancellationToken), SecondFactorResult.Ok());
    }

    /// <summary>The unfinished enrollment <paramref name="enrollmentId"/> of the account, to show again, or null when it expired.</summary>
    public async Task<AuthenticatorEnrollment?> FindEnrollmentAsync(Account account, string? enrollmentId, CancellationToken cancellationToken) =>
        await apps.FindPendingAsync(account.Id, enrollmentId, cancellationToken) is { } pending ? apps.Describe(account, pending) : null;

    /// <summary>
    /// Activates an enrollment with its first code (counted like any code). The account's first factor also gets its
    /// first set of recovery codes, returned to be shown once.
    /// </summary>
    public async Task<SecondFactorResult> ConfirmAuthenticatorAsync(
        Account account, string? enrollmentId, string? code, SecurityEventContext request, CancellationToken cancellationToken)
    {
        var pending = await apps.FindPendingAsync(account.Id, enrollmentId, cancellationToken);
        if (pending is null)
        {
            return SecondFactorResult.Fail(SecondFactorError.EnrollmentExpired, "This enrollment has expired. Start again to get a new code to scan.");
        }

        var claim = await defence.ClaimAsync(CounterKey.ForAccount(Factors.AuthenticatorApp, account.Id), cancellationToken);
        if (claim.Refusal is { } refusal)
        {
            return SecondFactorResult.Throttled(refusal);
        }

        var checkedCode = await CheckCodeAsync(account, pending, code, claim, request, cancellationToken);
        if (!checkedCode.Succeeded)
        {
            return checkedCode;
        }

        var now = clock.GetUtcNow();
        pending.ConfirmedAt = now;
        pending.LastUsedAt = now;
        await db.SaveChangesAsync(cancellationToken);

        var first = await recoveryCodes.RemainingAsync(account.Id, cancellationToken) == 0
            && await db.AuthenticatorApps.CountAsync(a => a.AccountId == account.Id && a.ConfirmedAt != null, cancellationToken) == 1;
        var codes = first ? await recoveryCodes.ReplaceAsync(account.Id, cancellationToken) : null;
        await events.RecordAsync(SecurityEventTypes.SecondFactorEnrolled, SecuritySeverity.Low, SecurityOutcome.Success, request, cancellationToken,
            accountId: account.Id, details: $"factor=totp; id={pending.Id}; by the account" + (first ? "; recovery codes issued" : string.Empty));
        LogEnrolled(logger, account.Id, pending.Id);
        return checkedCode with { RecoveryCodes = codes };
    }

    /// <summary>
    /// An administrator's replacement authenticator for an account that lost its own (the CLI): active at once, its
    /// secret returned to hand over once. The account's first factor also gets recovery codes.
    /// </summary>
    public async Task<SecondFactorResult> AddAuthenticatorForAccountAsync(Account account, string? name, string actor, CancellationToken cancellationToken)
    {
        var problem = await CheckNewAuthenticatorAsync(account, name, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var hadFactor = (await apps.ListAsync(account.Id, cancellationToken)).Count > 0;
        var enrollment = await apps.BeginAsync(account, name!.Trim(), confirmed: true, cancellationToken);
        var codes = hadFactor ? null : await recoveryCodes.ReplaceAsync(account.Id, cancellationToken);
        await events.RecordAsync(SecurityEventTypes.SecondFactorEnrolled, SecuritySeverity.Medium, SecurityOutcome.Success, SecurityEventContext.None, cancellationToken,
            accountId: account.Id, details: $"factor=totp; id={enrollment.Id}; by an administrator ({actor})" + (hadFactor ? string.Empty : "; recovery codes issued"));
        LogEnrolled(logger, account.Id, enrollment.Id);
        return SecondFactorResult.Ok() with { Enrollment = enrollment, RecoveryCodes = codes };
    }

    /// <summary>
    /// Removes an authenticator app of the account. The last factor of an account that must have one cannot go (add
    /// the replacement first); when the last factor goes, the recovery codes go with it.
    /// </summary>
    public async Task<SecondFactorResult> RemoveAuthenticatorAsync(Account account, string? appId, string actor, SecurityEventContext request, CancellationToken cancellationToken)
    {
        var confirmed = await apps.ListAsync(account.Id, cancellationToken);
        var app = confirmed.FirstOrDefault(a => a.Id == appId);
        if (app is null)
        {
            return SecondFactorResult.Fail(SecondFactorError.NotFound, "This account has no such authenticator app.");
        }

        if (confirmed.Count == 1 && IsRequiredFor(account))
        {
            return SecondFactorResult.Fail(SecondFactorError.LastRequiredFactor,
                "This is the account's only second factor, and the account must have one. Add the replacement first, then remove this one.");
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.AuthenticatorApps.Where(a => a.Id == app.Id).ExecuteDeleteAsync(cancellationToken);
        var last = confirmed.Count == 1;
        if (last)
        {
            await recoveryCodes.RevokeAllAsync(account.Id, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        await events.RecordAsync(SecurityEventTypes.SecondFactorRemoved, SecuritySeverity.Medium, SecurityOutcome.Success, request, cancellationToken,
            accountId: account.Id, details: $"factor=totp; id={app.Id}; by {actor}" + (last ? "; no second factor left, recovery codes revoked" : string.Empty));
        LogRemoved(logger, account.Id, app.Id);
        return SecondFactorResult.Ok();
    }

    /// <summary>A new set of recovery codes, replacing the old set; only for an account with a second factor.</summary>
    public async Task<SecondFactorResult> RenewRecoveryCodesAsync(Account account, string actor, SecurityEventContext request, CancellationToken cancellationToken)
    {
        if ((await apps.ListAsync(account.Id, cancellationToken)).Count == 0)
        {
            return SecondFactorResult.Fail(SecondFactorError.NoFactor, "Recovery codes come with a second factor: add an authenticator app first.");
        }

        var codes = await recoveryCodes.ReplaceAsync(account.Id, cancellationToken);
        await events.RecordAsync(SecurityEventTypes.RecoveryCodesGenerated, SecuritySeverity.Low, SecurityOutcome.Success, request, cancellationToken,
            accountId: account.Id, details: string.Create(CultureInfo.InvariantCulture, $"count={codes.Count}; earlier codes revoked; by {actor}"));
        return SecondFactorResult.Ok() with { RecoveryCodes = codes };
    }

    /// <summary>Marks the account as required (or no longer required) to use a second factor; administrators always are.</summary>
    public async Task SetRequiredAsync(Account account, bool required, string actor, CancellationToken cancellationToken)
    {
        account.SecondFactorRequired = required;
        account.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        await events.RecordAsync(SecurityEventTypes.AdminSecondFactorRequirement, SecuritySeverity.Low, SecurityOutcome.Success, SecurityEventContext.None, cancellationToken,
            accountId: account.Id, details: $"required={(required ? "yes" : "no")}; by {actor}");
    }

    private async Task<SecondFactorResult?> CheckNewAuthenticatorAsync(Account account, string? name, CancellationToken cancellationToken)
    {
        var trimmed = name?.Trim();
        if (string.IsNullOrEmpty(trimmed) || trimmed.Length > AuthenticatorApp.NameMaxLength || trimmed.Any(char.IsControl))
        {
            return SecondFactorResult.Fail(SecondFactorError.Invalid, $"Give the app a name of 1 to {AuthenticatorApp.NameMaxLength} characters, such as \"Phone\".");
        }

        var count = (await apps.ListAsync(account.Id, cancellationToken)).Count;
        return count >= options.Value.Totp.MaximumPerAccount
            ? SecondFactorResult.Fail(SecondFactorError.Invalid, $"An account can have at most {options.Value.Totp.MaximumPerAccount} authenticator apps; remove one first.")
            : null;
    }

    private async Task<SecondFactorResult> CheckAuthenticatorCodeAsync(
        Account account, string? code, AttemptClaim claim, SecurityEventContext request, CancellationToken cancellationToken)
    {
        var confirmed = await db.AuthenticatorApps.Where(a => a.AccountId == account.Id && a.ConfirmedAt != null).ToListAsync(cancellationToken);
        if (confirmed.Count == 0)
        {
            await defence.ReleaseAsync(claim, cancellationToken);
            return SecondFactorResult.Fail(SecondFactorError.NoFactor, "This account has no authenticator app.");
        }

        var normalized = TotpCode.Normalize(code);
        var matched = normalized is null ? null : confirmed.FirstOrDefault(app => apps.Match(app, normalized) is not null);
        var result = await CheckCodeAsync(account, matched, normalized, claim, request, cancellationToken);
        if (result.Succeeded)
        {
            matched!.LastUsedAt = clock.GetUtcNow();
            await db.SaveChangesAsync(cancellationToken);
            await events.RecordAsync(SecurityEventTypes.SecondFactorSucceeded, SecuritySeverity.Info, SecurityOutcome.Success, request, cancellationToken,
                accountId: account.Id, details: $"factor=totp; id={matched.Id}");
        }

        return result;
    }

    // The one place a code is accepted: it must match the app, and its time step must be new for the account.
    private async Task<SecondFactorResult> CheckCodeAsync(
        Account account, AuthenticatorApp? app, string? code, AttemptClaim claim, SecurityEventContext request, CancellationToken cancellationToken)
    {
        var normalized = TotpCode.Normalize(code);
        var stepStart = app is null || normalized is null ? null : apps.Match(app, normalized);
        if (stepStart is null)
        {
            await defence.RecordFailureAsync(claim, request, account.Id, "factor=totp; reason=wrong-code", cancellationToken);
            return SecondFactorResult.Fail(SecondFactorError.WrongCode, WrongCodeMessage);
        }

        if (!await apps.TryUseStepAsync(account.Id, stepStart.Value, cancellationToken))
        {
            await events.RecordAsync(SecurityEventTypes.SecondFactorReplayed, SecuritySeverity.Medium, SecurityOutcome.Refused, request, cancellationToken,
                accountId: account.Id, details: $"factor=totp; id={app!.Id}");
            await defence.RecordFailureAsync(claim, request, account.Id, "factor=totp; reason=replayed-code", cancellationToken);
            return SecondFactorResult.Fail(SecondFactorError.Replayed, ReplayedMessage);
        }

        await defence.SucceededAsync(claim.Key, cancellationToken);
        return SecondFactorResult.Ok() with { Methods = OtpMethods };
    }

    private async Task<SecondFactorResult> RedeemRecoveryCodeAsync(
        Account account, string? code, AttemptClaim claim, SecurityEventContext request, CancellationToken cancellationToken)
    {
        var normalized = RecoveryCodes.Normalize(code);
        if (normalized is null || !await recoveryCodes.RedeemAsync(account.Id, normalized, cancellationToken))
        {
            await defence.RecordFailureAsync(claim, request, account.Id, "factor=recovery; reason=wrong-code", cancellationToken);
            return SecondFactorResult.Fail(SecondFactorError.WrongCode, WrongRecoveryCodeMessage);
        }

        await defence.SucceededAsync(claim.Key, cancellationToken);
        var remaining = await recoveryCodes.RemainingAsync(account.Id, cancellationToken);
        await events.RecordAsync(SecurityEventTypes.RecoveryCodeUsed, remaining <= 2 ? SecuritySeverity.Medium : SecuritySeverity.Low, SecurityOutcome.Success,
            request, cancellationToken, accountId: account.Id, details: string.Create(CultureInfo.InvariantCulture, $"remaining={remaining}"));
        LogRecoveryCodeUsed(logger, account.Id, remaining);
        return SecondFactorResult.Ok() with { Methods = OtpMethods, RecoveryCodesRemaining = remaining };
    }

    [LoggerMessage(EventId = 1501, Level = LogLevel.Information, Message = "Account {AccountId} added authenticator app {AppId}")]
    private static partial void LogEnrolled(ILogger logger, string accountId, string appId);

    [LoggerMessage(EventId = 1502, Level = LogLevel.Information, Message = "Authenticator app {AppId} of account {AccountId} removed")]
    private static partial void LogRemoved(ILogger logger, string accountId, string appId);

    [LoggerMessage(EventId = 1503, Level = LogLevel.Information, Message = "Account {AccountId} signed in with a recovery code; {Remaining} left")]
    private static partial void LogRecoveryCodeUsed(ILogger logger, string accountId, int remaining);
}
