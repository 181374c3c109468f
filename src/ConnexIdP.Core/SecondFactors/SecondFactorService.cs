using System.Globalization;
using ConnexIdP.Core.Accounts;
using ConnexIdP.Core.Data;
using ConnexIdP.Core.Defence;
using ConnexIdP.Core.Security;
using ConnexIdP.Core.SecondFactors.PushApproval;
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
    SecurityKeys keys,
    PushApprovals push,
    SignInDefence defence,
    SecurityEventLog events,
    IOptions<SecondFactorOptions> options,
    TimeProvider clock,
    ILogger<SecondFactorService> logger)
{
    public const string WrongCodeMessage = "That code is not right. Enter the code your authenticator app shows now.";
    public const string ReplayedMessage = "That code was already used. Wait for your app to show a new code.";
    public const string WrongRecoveryCodeMessage = "That recovery code is not right, or it was already used.";

    /// <summary>The same for an unknown passkey and a refused one, so the answer does not tell which credentials exist.</summary>
    public const string PasskeyRefusedMessage = "This passkey could not be used here. Sign in with your email and password.";

    private static readonly string[] OtpMethods = [AuthenticationMethods.OneTimePassword];

    public SecondFactorOptions Options => options.Value;

    /// <summary>Administrators, accounts marked so, and every account when <c>SecondFactors:RequiredForEveryone</c> is set.</summary>
    public bool IsRequiredFor(Account account) => account.IsAdmin || account.SecondFactorRequired || options.Value.RequiredForEveryone;

    public async Task<SecondFactorStatus> StatusAsync(Account account, CancellationToken cancellationToken) => new(
        await apps.ListAsync(account.Id, cancellationToken),
        await keys.ListAsync(account.Id, cancellationToken),
        await push.ListDevicesAsync(account.Id, cancellationToken),
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

        var normalized = TotpCode.Normalize(code);
        var checkedCode = await AcceptCodeAsync(account, pending, normalized is null ? null : apps.Match(pending, normalized), claim, request, cancellationToken);
        if (!checkedCode.Succeeded)
        {
            return checkedCode;
        }

        var now = clock.GetUtcNow();
        pending.ConfirmedAt = now;
        pending.LastUsedAt = now;
        await db.SaveChangesAsync(cancellationToken);

        var codes = await RecoveryCodesForFirstFactorAsync(account, cancellationToken);
        var first = codes is not null;
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

        var enrollment = await apps.BeginAsync(account, name!.Trim(), confirmed: true, cancellationToken);
        var codes = await RecoveryCodesForFirstFactorAsync(account, cancellationToken);
        var hadFactor = codes is null;
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
        var app = (await apps.ListAsync(account.Id, cancellationToken)).FirstOrDefault(a => a.Id == appId);
        return app is null
            ? SecondFactorResult.Fail(SecondFactorError.NotFound, "This account has no such authenticator app.")
            : await RemoveFactorAsync(account, "totp", app.Id, () => db.AuthenticatorApps.Where(a => a.Id == app.Id).ExecuteDeleteAsync(cancellationToken), actor, request, cancellationToken);
    }

    /// <summary>Removes a security key of the account, under the same rule as <see cref="RemoveAuthenticatorAsync"/>.</summary>
    public async Task<SecondFactorResult> RemoveSecurityKeyAsync(Account account, string? keyId, string actor, SecurityEventContext request, CancellationToken cancellationToken)
    {
        var key = (await keys.ListAsync(account.Id, cancellationToken)).FirstOrDefault(k => k.Id == keyId);
        return key is null
            ? SecondFactorResult.Fail(SecondFactorError.NotFound, "This account has no such security key.")
            : await RemoveFactorAsync(account, "webauthn", key.Id, async () => await keys.RemoveAsync(account.Id, key.Id, cancellationToken) ? 1 : 0, actor, request, cancellationToken);
    }

    /// <summary>Removes a phone that approves sign-ins, under the same rule as <see cref="RemoveAuthenticatorAsync"/>; it can answer nothing from then on.</summary>
    public async Task<SecondFactorResult> RemoveApprovalDeviceAsync(Account account, string? deviceId, string actor, SecurityEventContext request, CancellationToken cancellationToken)
    {
        var device = (await push.ListDevicesAsync(account.Id, cancellationToken)).FirstOrDefault(d => d.Id == deviceId);
        return device is null
            ? SecondFactorResult.Fail(SecondFactorError.NotFound, "This account has no such phone.")
            : await RemoveFactorAsync(account, "push", device.Id, () => db.ApprovalDevices.Where(d => d.Id == device.Id && d.AccountId == account.Id).ExecuteDeleteAsync(cancellationToken), actor, request, cancellationToken);
    }

    /// <summary>
    /// After a phone was registered from the account page: the account's first factor gets its first set of recovery
    /// codes, returned to show once on that page.
    /// </summary>
    public async Task<IReadOnlyList<string>?> RecoveryCodesAfterPhoneAsync(Account account, CancellationToken cancellationToken) =>
        await RecoveryCodesForFirstFactorAsync(account, cancellationToken);

    public async Task<SecondFactorResult> RenameSecurityKeyAsync(Account account, string? keyId, string? name, CancellationToken cancellationToken)
    {
        if (ValidName(name, SecurityKey.NameMaxLength) is not { } valid)
        {
            return SecondFactorResult.Fail(SecondFactorError.Invalid, $"Give the key a name of 1 to {SecurityKey.NameMaxLength} characters, such as \"Blue YubiKey\".");
        }

        return await keys.RenameAsync(account.Id, keyId, valid, cancellationToken)
            ? SecondFactorResult.Ok()
            : SecondFactorResult.Fail(SecondFactorError.NotFound, "This account has no such security key.");
    }

    /// <summary>Starts registering a security key or passkey named <paramref name="name"/> (a fresh check is the caller's to ask).</summary>
    public async Task<(WebAuthnStart? Start, SecondFactorResult Result)> BeginSecurityKeyAsync(Account account, string? name, CancellationToken cancellationToken)
    {
        if (ValidName(name, SecurityKey.NameMaxLength) is not { } valid)
        {
            return (null, SecondFactorResult.Fail(SecondFactorError.Invalid, $"Give the key a name of 1 to {SecurityKey.NameMaxLength} characters, such as \"Blue YubiKey\"."));
        }

        var maximum = options.Value.WebAuthn.MaximumPerAccount;
        return (await keys.ListAsync(account.Id, cancellationToken)).Count >= maximum
            ? (null, SecondFactorResult.Fail(SecondFactorError.Invalid, $"An account can have at most {maximum} security keys; remove one first."))
            : (await keys.BeginRegistrationAsync(account, valid, cancellationToken), SecondFactorResult.Ok());
    }

    /// <summary>Keeps the registered key; the account's first factor also gets its recovery codes, returned to show once.</summary>
    public async Task<SecondFactorResult> CompleteSecurityKeyAsync(Account account, string? challengeId, string? credentialJson, SecurityEventContext request, CancellationToken cancellationToken)
    {
        var (key, error, message) = await keys.CompleteRegistrationAsync(account, challengeId, credentialJson, cancellationToken);
        if (key is null)
        {
            return SecondFactorResult.Fail(error, message!);
        }

        var codes = await RecoveryCodesForFirstFactorAsync(account, cancellationToken);
        await events.RecordAsync(SecurityEventTypes.SecondFactorEnrolled, SecuritySeverity.Low, SecurityOutcome.Success, request, cancellationToken,
            accountId: account.Id, details: $"factor=webauthn; id={key.Id}; attestation={key.AttestationFormat}; by the account" + (codes is null ? string.Empty : "; recovery codes issued"));
        LogEnrolled(logger, account.Id, key.Id);
        return SecondFactorResult.Ok() with { RecoveryCodes = codes, Methods = [key.IsBackupEligible ? "swk" : "hwk"] };
    }

    /// <summary>Options asking the browser for one of the account's keys.</summary>
    public Task<WebAuthnStart> BeginSecurityKeyCheckAsync(Account account, CancellationToken cancellationToken) => keys.BeginAssertionAsync(account, cancellationToken);

    /// <summary>Options asking the browser for any passkey of this site, with user verification.</summary>
    public Task<WebAuthnStart> BeginPasskeySignInAsync(CancellationToken cancellationToken) => keys.BeginAssertionAsync(null, cancellationToken);

    /// <summary>Checks one of the account's keys as its second factor, counted on the key factor's own counter.</summary>
    public async Task<SecondFactorResult> VerifySecurityKeyAsync(Account account, string? challengeId, string? credentialJson, SecurityEventContext request, CancellationToken cancellationToken)
    {
        var claim = await defence.ClaimAsync(CounterKey.ForAccount(Factors.SecurityKey, account.Id), cancellationToken);
        if (claim.Refusal is { } refusal)
        {
            await events.RecordAsync(SecurityEventTypes.SignInRefused, SecuritySeverity.Low, SecurityOutcome.Refused, request, cancellationToken,
                accountId: account.Id, details: $"factor=webauthn; {refusal.Describe()}");
            return SecondFactorResult.Throttled(refusal);
        }

        return await ConcludeKeyCheckAsync(account, await keys.CompleteAssertionAsync(account, challengeId, credentialJson, cancellationToken), claim, request, cancellationToken);
    }

    /// <summary>
    /// A whole sign-in with a passkey: the credential names its account, whose key counter is claimed before the
    /// assertion is checked. User verification is required, so a success is multi-factor on its own.
    /// </summary>
    public async Task<(Account? Account, SecondFactorResult Result)> SignInWithPasskeyAsync(string? challengeId, string? credentialJson, SecurityEventContext request, CancellationToken cancellationToken)
    {
        // Nothing is looked up or recorded for an answer to no open ceremony: each attempt costs its sender a new one.
        if (!await keys.IsOpenAsync(challengeId, WebAuthnCeremony.Passkey, cancellationToken))
        {
            return (null, SecondFactorResult.Fail(SecondFactorError.EnrollmentExpired, "This request has expired. Try again."));
        }

        var key = await keys.FindByAnswerAsync(credentialJson, cancellationToken);
        var account = key is null ? null : await db.Accounts.FirstOrDefaultAsync(a => a.Id == key.AccountId, cancellationToken);
        if (account is not { Status: AccountStatus.Active })
        {
            await keys.CompleteAssertionAsync(null, challengeId, null, cancellationToken);
            await events.RecordAsync(SecurityEventTypes.SignInFailed, SecuritySeverity.Low, SecurityOutcome.Failure, request, cancellationToken,
                accountId: account?.Id, details: "factor=passkey; reason=" + (key is null ? "unknown-credential" : "disabled"));
            return (null, SecondFactorResult.Fail(SecondFactorError.WrongCode, PasskeyRefusedMessage));
        }

        var claim = await defence.ClaimAsync(CounterKey.ForAccount(Factors.Passkey, account.Id), cancellationToken);
        if (claim.Refusal is { } refusal)
        {
            await events.RecordAsync(SecurityEventTypes.SignInRefused, SecuritySeverity.Low, SecurityOutcome.Refused, request, cancellationToken,
                accountId: account.Id, details: $"factor=passkey; {refusal.Describe()}");
            return (null, SecondFactorResult.Throttled(refusal));
        }

        var result = await ConcludeKeyCheckAsync(account, await keys.CompleteAssertionAsync(null, challengeId, credentialJson, cancellationToken), claim, request, cancellationToken);
        return result.Succeeded
            ? (account, result with { Methods = [.. result.Methods, AuthenticationMethods.MultipleFactors] })
            : (null, result.Error == SecondFactorError.WrongCode ? SecondFactorResult.Fail(SecondFactorError.WrongCode, PasskeyRefusedMessage) : result);
    }

    /// <summary>A new set of recovery codes, replacing the old set; only for an account with a second factor.</summary>
    public async Task<SecondFactorResult> RenewRecoveryCodesAsync(Account account, string actor, SecurityEventContext request, CancellationToken cancellationToken)
    {
        // Any factor will do: an account with only security keys also needs codes for the day it loses them.
        if (!(await StatusAsync(account, cancellationToken)).HasFactor)
        {
            return SecondFactorResult.Fail(SecondFactorError.NoFactor, "Recovery codes come with a second factor: add an authenticator app or a security key first.");
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

    /// <summary>A factor's name, trimmed, when it has 1 to <paramref name="maxLength"/> characters and no control character; else null.</summary>
    internal static string? ValidName(string? name, int maxLength)
    {
        var trimmed = name?.Trim();
        return string.IsNullOrEmpty(trimmed) || trimmed.Length > maxLength || trimmed.Any(char.IsControl) ? null : trimmed;
    }

    // The account's first factor brings the first set of recovery codes.
    private async Task<IReadOnlyList<string>?> RecoveryCodesForFirstFactorAsync(Account account, CancellationToken cancellationToken) =>
        await recoveryCodes.RemainingAsync(account.Id, cancellationToken) == 0 && (await StatusAsync(account, cancellationToken)).FactorCount == 1
            ? await recoveryCodes.ReplaceAsync(account.Id, cancellationToken)
            : null;

    private async Task<SecondFactorResult> RemoveFactorAsync(
        Account account, string factor, string id, Func<Task<int>> delete, string actor, SecurityEventContext request, CancellationToken cancellationToken)
    {
        // Writing the account row first serialises removals of one account (a row lock on PostgreSQL and SQL Server, the
        // write lock on SQLite), so two removals at once cannot both see a second factor left and leave none.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var now = clock.GetUtcNow();
        await db.Accounts.Where(a => a.Id == account.Id).ExecuteUpdateAsync(s => s.SetProperty(a => a.UpdatedAt, now), cancellationToken);
        var count = (await StatusAsync(account, cancellationToken)).FactorCount;
        if (count == 1 && IsRequiredFor(account))
        {
            return SecondFactorResult.Fail(SecondFactorError.LastRequiredFactor,
                "This is the account's only second factor, and the account must have one. Add the replacement first, then remove this one.");
        }

        await delete();
        var last = count == 1;
        if (last)
        {
            await recoveryCodes.RevokeAllAsync(account.Id, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        await events.RecordAsync(SecurityEventTypes.SecondFactorRemoved, SecuritySeverity.Medium, SecurityOutcome.Success, request, cancellationToken,
            accountId: account.Id, details: $"factor={factor}; id={id}; by {actor}" + (last ? "; no second factor left, recovery codes revoked" : string.Empty));
        LogRemoved(logger, account.Id, id);
        return SecondFactorResult.Ok();
    }

    private async Task<SecondFactorResult> ConcludeKeyCheckAsync(Account account, SecurityKeyCheck check, AttemptClaim claim, SecurityEventContext request, CancellationToken cancellationToken)
    {
        if (check.CounterRegressed)
        {
            await events.RecordAsync(SecurityEventTypes.SecurityKeyCounterRegressed, SecuritySeverity.High, SecurityOutcome.Refused, request, cancellationToken,
                accountId: account.Id, details: $"factor=webauthn; id={check.Key!.Id}; the sign counter did not increase: possible cloned key");
        }

        if (!check.Succeeded)
        {
            if (check.Error == SecondFactorError.EnrollmentExpired)
            {
                // No answer was checked (the request expired or was used): nothing to count.
                await defence.ReleaseAsync(claim, cancellationToken);
            }
            else
            {
                await defence.RecordFailureAsync(claim, request, account.Id, "factor=webauthn; reason=" + (check.CounterRegressed ? "counter-regressed" : "refused-assertion"), cancellationToken);
            }

            return SecondFactorResult.Fail(check.Error, check.Message!);
        }

        await defence.SucceededAsync(claim.Key, cancellationToken);
        await events.RecordAsync(SecurityEventTypes.SecondFactorSucceeded, SecuritySeverity.Info, SecurityOutcome.Success, request, cancellationToken,
            accountId: account.Id, details: $"factor=webauthn; id={check.Key!.Id}; user verified={(check.UserVerified ? "yes" : "no")}");
        return SecondFactorResult.Ok() with { Methods = check.Methods };
    }

    private async Task<SecondFactorResult?> CheckNewAuthenticatorAsync(Account account, string? name, CancellationToken cancellationToken)
    {
        var trimmed = name?.Trim();
        if (ValidName(name, AuthenticatorApp.NameMaxLength) is null)
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

        // Each app's secret is decrypted and tried once; the first whose window holds the code is the one used.
        var normalized = TotpCode.Normalize(code);
        var (matched, stepStart) = normalized is null
            ? (null, null)
            : confirmed.Select(app => (App: app, Step: apps.Match(app, normalized))).FirstOrDefault(candidate => candidate.Step is not null);
        var result = await AcceptCodeAsync(account, matched, stepStart, claim, request, cancellationToken);
        if (result.Succeeded)
        {
            matched!.LastUsedAt = clock.GetUtcNow();
            await db.SaveChangesAsync(cancellationToken);
            await events.RecordAsync(SecurityEventTypes.SecondFactorSucceeded, SecuritySeverity.Info, SecurityOutcome.Success, request, cancellationToken,
                accountId: account.Id, details: $"factor=totp; id={matched.Id}");
        }

        return result;
    }

    // The one place a code is accepted: it matched an app (in the step starting at stepStart), and that time step
    // must be new for the account.
    private async Task<SecondFactorResult> AcceptCodeAsync(
        Account account, AuthenticatorApp? app, long? stepStart, AttemptClaim claim, SecurityEventContext request, CancellationToken cancellationToken)
    {
        if (app is null || stepStart is null)
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
        // Recovery codes stand in for a factor the account has; left over without one they open nothing.
        if (!(await StatusAsync(account, cancellationToken)).HasFactor)
        {
            await defence.ReleaseAsync(claim, cancellationToken);
            return SecondFactorResult.Fail(SecondFactorError.NoFactor, WrongRecoveryCodeMessage);
        }

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
