using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using ConnexIdP.Core.Accounts;
using ConnexIdP.Core.Data;
using ConnexIdP.Core.Defence;
using ConnexIdP.Core.Security;
using Fido2NetLib;
using Fido2NetLib.Objects;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ConnexIdP.Core.SecondFactors.PushApproval;

/// <summary>
/// Push approval with number matching, served by ConnexIdP alone (no push vendor): phones registered with a one-time
/// link, each by a WebAuthn credential of its own; requests created by a sign-in that owes its second factor, one open
/// per account, answered once by a phone whose signature covers the request, the number picked and the decision, and
/// completed once by the browser that created them. Every request counts on the push counter of the sign-in defence
/// until its sign-in completes; denied, wrong-number and unanswered requests suspend push for a while once
/// <c>FatigueLimit</c> of them fall within <c>FatigueWindow</c>, and "I'm not signing in" suspends it at once.
/// </summary>
public sealed partial class PushApprovals(
    ConnexDbContext db,
    WebAuthnRelyingParty relyingParty,
    WebAuthnChallenges challenges,
    ApprovalSignals signals,
    SignInDefence defence,
    SecurityEventLog events,
    IOptions<SecondFactorOptions> options,
    TimeProvider clock,
    ILogger<PushApprovals> logger)
{
    public const string NoLongerWaitingMessage = "This request is no longer waiting for an answer.";

    // Crockford's base32 without the letters read as digits: 16 characters carry 80 bits.
    private const string CodeAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    private const int CodeLength = 16;

    private static readonly ApprovalStatus[] FatigueOutcomes = [ApprovalStatus.Denied, ApprovalStatus.WrongNumber, ApprovalStatus.Expired];

    public PushOptions Settings => options.Value.Push;

    public async Task<IReadOnlyList<ApprovalDevice>> ListDevicesAsync(string accountId, CancellationToken cancellationToken) =>
        await db.ApprovalDevices.AsNoTracking().Where(d => d.AccountId == accountId).OrderBy(d => d.CreatedAt).ToListAsync(cancellationToken);

    /// <summary>The device with <paramref name="deviceId"/>, when it is still registered to an active account.</summary>
    public async Task<ApprovalDevice?> FindDeviceAsync(string? deviceId, CancellationToken cancellationToken)
    {
        if (deviceId is null)
        {
            return null;
        }

        var device = await db.ApprovalDevices.AsNoTracking().FirstOrDefaultAsync(d => d.Id == deviceId, cancellationToken);
        return device is not null && await db.Accounts.AnyAsync(a => a.Id == device.AccountId && a.Status == AccountStatus.Active, cancellationToken) ? device : null;
    }

    // ---- Registering a phone ----

    /// <summary>
    /// A one-time link for a new phone named <paramref name="name"/>: the code it carries is returned once, only its hash
    /// is kept. Whoever calls this has checked that the person may add a factor now.
    /// </summary>
    public async Task<(ApprovalEnrollment? Enrollment, string? Code, SecondFactorResult Result)> BeginEnrollmentAsync(Account account, string? name, CancellationToken cancellationToken)
    {
        if (!Settings.Enabled)
        {
            return (null, null, TurnedOff());
        }

        if (SecondFactorService.ValidName(name, ApprovalDevice.NameMaxLength) is not { } trimmed)
        {
            return (null, null, SecondFactorResult.Fail(SecondFactorError.Invalid, $"Give the phone a name of 1 to {ApprovalDevice.NameMaxLength} characters, such as \"My phone\"."));
        }

        if ((await ListDevicesAsync(account.Id, cancellationToken)).Count >= Settings.MaximumDevicesPerAccount)
        {
            return (null, null, TooManyDevices());
        }

        var now = clock.GetUtcNow();
        var code = NewCode();
        var enrollment = new ApprovalEnrollment
        {
            Id = Convert.ToHexString(RandomNumberGenerator.GetBytes(16)),
            AccountId = account.Id,
            CodeHash = Hash(code),
            DeviceName = trimmed,
            CreatedAt = now,
            ExpiresAt = now + Settings.EnrollmentLifetime,
        };

        // Links that ran out are cleared as new ones are made.
        await db.ApprovalEnrollments.Where(e => e.ExpiresAt < now - Settings.EnrollmentLifetime).ExecuteDeleteAsync(cancellationToken);
        db.ApprovalEnrollments.Add(enrollment);
        await db.SaveChangesAsync(cancellationToken);
        db.Entry(enrollment).State = EntityState.Detached;
        return (enrollment, code, SecondFactorResult.Ok());
    }

    /// <summary>The account's enrollment <paramref name="enrollmentId"/> (to see whether a phone used it), or null.</summary>
    public Task<ApprovalEnrollment?> FindEnrollmentAsync(string accountId, string? enrollmentId, CancellationToken cancellationToken) =>
        db.ApprovalEnrollments.AsNoTracking().FirstOrDefaultAsync(e => e.Id == enrollmentId && e.AccountId == accountId, cancellationToken);

    /// <summary>
    /// Options for the phone to create its credential, for a valid, unused link code: a platform credential with user
    /// verification, under a user handle of its own. The code is spent only by the registration that completes.
    /// </summary>
    public async Task<(WebAuthnStart? Start, SecondFactorResult Result)> BeginDeviceRegistrationAsync(string? code, CancellationToken cancellationToken)
    {
        // A link made before push was turned off adds no phone after.
        if (!Settings.Enabled)
        {
            return (null, TurnedOff());
        }

        var enrollment = await OpenEnrollmentAsync(code, cancellationToken);
        var account = enrollment is null ? null : await db.Accounts.FirstOrDefaultAsync(a => a.Id == enrollment.AccountId && a.Status == AccountStatus.Active, cancellationToken);
        if (enrollment is null || account is null)
        {
            return (null, SecondFactorResult.Fail(SecondFactorError.EnrollmentExpired, "This link has expired or was already used. Get a new one from your account page."));
        }

        var existing = await ListDevicesAsync(account.Id, cancellationToken);
        var created = relyingParty.Fido2.RequestNewCredential(new RequestNewCredentialParams
        {
            User = new Fido2User { Id = RandomNumberGenerator.GetBytes(32), Name = account.Email, DisplayName = $"{account.Email} (ConnexIdP Approve)" },
            ExcludeCredentials = [.. existing.Select(d => new PublicKeyCredentialDescriptor(d.CredentialId))],
            AuthenticatorSelection = new AuthenticatorSelection
            {
                AuthenticatorAttachment = AuthenticatorAttachment.Platform,
                ResidentKey = ResidentKeyRequirement.Preferred,
                UserVerification = UserVerificationRequirement.Required,
            },
            AttestationPreference = AttestationConveyancePreference.None,
            PubKeyCredParams = [PubKeyCredParam.ES256, PubKeyCredParam.RS256, PubKeyCredParam.Ed25519],
        });
        var start = await challenges.StoreAsync(account.Id, WebAuthnCeremony.ApprovalDevice, created.ToJson(), enrollment.DeviceName, cancellationToken);
        await db.ApprovalEnrollments.Where(e => e.Id == enrollment.Id).ExecuteUpdateAsync(u => u.SetProperty(e => e.ChallengeId, start.ChallengeId), cancellationToken);
        return (start, SecondFactorResult.Ok());
    }

    /// <summary>
    /// Keeps the phone's new credential and spends the link that started it (once, on any server). Returns the device;
    /// the account's recovery codes, when this is its first factor, are for the account page to issue and show.
    /// </summary>
    public async Task<(ApprovalDevice? Device, SecondFactorResult Result)> CompleteDeviceRegistrationAsync(
        string? challengeId, string? credentialJson, SecurityEventContext request, CancellationToken cancellationToken)
    {
        if (!Settings.Enabled)
        {
            return (null, TurnedOff());
        }

        var expired = SecondFactorResult.Fail(SecondFactorError.EnrollmentExpired, "This registration has expired. Get a new link from your account page.");
        var challenge = await challenges.TakeAsync(challengeId, WebAuthnCeremony.ApprovalDevice, cancellationToken);
        var now = clock.GetUtcNow();
        var enrollment = challenge is null ? null
            : await db.ApprovalEnrollments.AsNoTracking().FirstOrDefaultAsync(e => e.ChallengeId == challenge.Id && e.UsedAt == null && e.ExpiresAt > now, cancellationToken);
        if (challenge is null || enrollment is null || enrollment.AccountId != challenge.AccountId)
        {
            return (null, expired);
        }

        var answer = WebAuthnChallenges.Parse<AuthenticatorAttestationRawResponse>(credentialJson);
        if (answer is null)
        {
            return (null, SecondFactorResult.Fail(SecondFactorError.Invalid, "The phone's answer could not be read."));
        }

        var (credential, refusal) = await relyingParty.VerifyRegistrationAsync(answer, challenge.Options, IsNewCredentialAsync, cancellationToken);
        if (credential is null)
        {
            return (null, SecondFactorResult.Fail(SecondFactorError.WrongCode, refusal!));
        }

        var device = new ApprovalDevice
        {
            Id = Guid.CreateVersion7(now).ToString(),
            AccountId = enrollment.AccountId,
            Name = enrollment.DeviceName,
            CredentialId = credential.Id,
            PublicKey = credential.PublicKey,
            UserHandle = credential.User.Id,
            SignCount = credential.SignCount,
            IsBackupEligible = credential.IsBackupEligible,
            CreatedAt = now,
        };

        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            // Links made while the account had room may outnumber it: the limit is checked again as a phone is kept, after
            // writing the account row, which serialises the registrations of one account.
            await db.Accounts.Where(a => a.Id == enrollment.AccountId).ExecuteUpdateAsync(u => u.SetProperty(a => a.PushSuspendedUntil, a => a.PushSuspendedUntil), cancellationToken);
            if (await db.ApprovalDevices.CountAsync(d => d.AccountId == enrollment.AccountId, cancellationToken) >= Settings.MaximumDevicesPerAccount)
            {
                return (null, TooManyDevices());
            }

            var spent = await db.ApprovalEnrollments
                .Where(e => e.Id == enrollment.Id && e.ChallengeId == challenge.Id && e.UsedAt == null)
                .ExecuteUpdateAsync(u => u.SetProperty(e => e.UsedAt, now).SetProperty(e => e.DeviceId, device.Id), cancellationToken);
            if (spent != 1)
            {
                return (null, expired);
            }

            db.ApprovalDevices.Add(device);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException)
            {
                db.Entry(device).State = EntityState.Detached;
                return (null, SecondFactorResult.Fail(SecondFactorError.Invalid, "This phone's credential is already registered."));
            }

            await transaction.CommitAsync(cancellationToken);
        }

        db.Entry(device).State = EntityState.Detached;
        await events.RecordAsync(SecurityEventTypes.SecondFactorEnrolled, SecuritySeverity.Low, SecurityOutcome.Success, request, cancellationToken,
            accountId: device.AccountId, details: $"factor=push; id={device.Id}; by the account, with a one-time link");
        LogDeviceRegistered(logger, device.AccountId, device.Id);
        return (device, SecondFactorResult.Ok() with { Methods = DeviceMethods(device, userVerified: true) });
    }

    // ---- Opening the approval app on a phone ----

    /// <summary>Options asking the phone for its credential (with user verification) to open the app; null when the device is gone.</summary>
    public async Task<WebAuthnStart?> BeginDeviceSessionAsync(string? deviceId, CancellationToken cancellationToken)
    {
        var device = await FindDeviceAsync(deviceId, cancellationToken);
        if (device is null)
        {
            return null;
        }

        var assertion = relyingParty.Fido2.GetAssertionOptions(new GetAssertionOptionsParams
        {
            AllowedCredentials = [new PublicKeyCredentialDescriptor(device.CredentialId)],
            UserVerification = UserVerificationRequirement.Required,
        });
        return await challenges.StoreAsync(device.AccountId, WebAuthnCeremony.ApprovalSession, assertion.ToJson(), null, cancellationToken);
    }

    /// <summary>The device whose credential answered the ceremony, or null and why not.</summary>
    public async Task<(ApprovalDevice? Device, SecondFactorResult Result)> CompleteDeviceSessionAsync(
        string? challengeId, string? credentialJson, SecurityEventContext request, CancellationToken cancellationToken)
    {
        var challenge = await challenges.TakeAsync(challengeId, WebAuthnCeremony.ApprovalSession, cancellationToken);
        if (challenge is null)
        {
            return (null, SecondFactorResult.Fail(SecondFactorError.EnrollmentExpired, "This request has expired. Try again."));
        }

        var (device, answer) = await DeviceOfAnswerAsync(challenge.AccountId, credentialJson, cancellationToken);
        if (answer is null)
        {
            return (null, SecondFactorResult.Fail(SecondFactorError.Invalid, "The phone's answer could not be read."));
        }

        if (device is null)
        {
            return (null, SecondFactorResult.Fail(SecondFactorError.NotFound, "This phone is no longer registered for approvals."));
        }

        var refusal = await VerifyAsync(device, answer, AssertionOptions.FromJson(challenge.Options), request, cancellationToken);
        return refusal is null ? (device, SecondFactorResult.Ok()) : (null, refusal);
    }

    // ---- Requests ----

    /// <summary>
    /// The approval request of this sign-in: the one the browser already holds (<paramref name="browserRequestId"/> and
    /// <paramref name="browserSecret"/>) while it is waiting, else a new one, which is refused when push is suspended for
    /// the account, when another request of the account is waiting, or when the push counter is in backoff. A new
    /// request comes with the secret the browser must keep to complete it.
    /// </summary>
    public async Task<(ApprovalRequest? Request, string? BrowserSecret, SecondFactorResult Result)> StartAsync(
        Account account, string? browserRequestId, string? browserSecret, ApprovalContext context, SecurityEventContext request, CancellationToken cancellationToken)
    {
        if (!Settings.Enabled || (await ListDevicesAsync(account.Id, cancellationToken)).Count == 0)
        {
            return (null, null, SecondFactorResult.Fail(SecondFactorError.NoFactor, "This account has no phone for approvals."));
        }

        var now = clock.GetUtcNow();
        if (await SuspendedUntilAsync(account.Id, cancellationToken) is { } until)
        {
            return (null, null, Suspended(until));
        }

        await SettleExpiredAsync(account.Id, cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

        // Writing the account row first serialises the starts of one account, so two browsers cannot both open a request.
        await db.Accounts.Where(a => a.Id == account.Id).ExecuteUpdateAsync(u => u.SetProperty(a => a.PushSuspendedUntil, a => a.PushSuspendedUntil), cancellationToken);
        var open = await db.ApprovalRequests.AsNoTracking()
            .FirstOrDefaultAsync(r => r.AccountId == account.Id && r.Status == ApprovalStatus.Pending && r.ExpiresAt > now, cancellationToken);
        if (open is not null)
        {
            if (open.Id == browserRequestId && Binds(open, browserSecret))
            {
                return (open, browserSecret, SecondFactorResult.Ok());
            }

            var seconds = Math.Max(1, (int)Math.Ceiling((open.ExpiresAt - now).TotalSeconds));
            return (null, null, SecondFactorResult.Fail(SecondFactorError.Busy,
                $"Another sign-in to this account is waiting for approval on your phone. Answer it there, or try again in {seconds} s."));
        }

        var claim = await defence.ClaimAsync(CounterKey.ForAccount(Factors.Push, account.Id), cancellationToken);
        if (claim.Refusal is { } refusal)
        {
            await transaction.CommitAsync(cancellationToken);
            await events.RecordAsync(SecurityEventTypes.SignInRefused, SecuritySeverity.Low, SecurityOutcome.Refused, request, cancellationToken,
                accountId: account.Id, details: $"factor=push; {refusal.Describe()}");
            return (null, null, SecondFactorResult.Throttled(refusal));
        }

        var secret = Base64Url(RandomNumberGenerator.GetBytes(32));
        var number = RandomNumberGenerator.GetInt32(10, 100);
        var created = new ApprovalRequest
        {
            Id = Convert.ToHexString(RandomNumberGenerator.GetBytes(16)),
            AccountId = account.Id,
            Number = number,
            Choices = string.Join(',', Choices(number)),
            Nonce = RandomNumberGenerator.GetBytes(32),
            BrowserBinding = Hash(secret),
            ClientName = Truncate(context.ClientName, 200),
            SourceAddress = context.Source?.ToString(),
            Browser = Truncate(BrowserDescription.Describe(context.UserAgent), BrowserDescription.MaxLength),
            Status = ApprovalStatus.Pending,
            CreatedAt = now,
            ExpiresAt = now + Settings.RequestLifetime,
            Failures = claim.Failures,
        };
        db.ApprovalRequests.Add(created);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        db.Entry(created).State = EntityState.Detached;

        await events.RecordAsync(SecurityEventTypes.PushRequested, SecuritySeverity.Info, SecurityOutcome.Success, request, cancellationToken,
            accountId: account.Id, details: $"factor=push; request={created.Id}; client={created.ClientName}");
        signals.Notify(account.Id);
        return (created, secret, SecondFactorResult.Ok());
    }

    /// <summary>The request <paramref name="requestId"/> when <paramref name="browserSecret"/> is the one of the browser that created it; settled when it ran out.</summary>
    public async Task<ApprovalRequest?> FindForBrowserAsync(string? requestId, string? browserSecret, CancellationToken cancellationToken)
    {
        var found = requestId is null ? null : await db.ApprovalRequests.AsNoTracking().FirstOrDefaultAsync(r => r.Id == requestId, cancellationToken);
        if (found is null || !Binds(found, browserSecret))
        {
            return null;
        }

        if (found.Status != ApprovalStatus.Pending || found.ExpiresAt > clock.GetUtcNow())
        {
            return found;
        }

        // Settled here, or by another reader at the same moment (then ExpireAsync finds nothing to do): either way the
        // stored state is the answer, never the "pending" read before.
        await ExpireAsync(found, cancellationToken);
        return await db.ApprovalRequests.AsNoTracking().FirstAsync(r => r.Id == requestId, cancellationToken);
    }

    /// <summary>The requests waiting for an answer from the account's phones, oldest first.</summary>
    public async Task<IReadOnlyList<ApprovalRequest>> WaitingAsync(string accountId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        return await db.ApprovalRequests.AsNoTracking()
            .Where(r => r.AccountId == accountId && r.Status == ApprovalStatus.Pending && r.ExpiresAt > now)
            .OrderBy(r => r.CreatedAt)
            .ToListAsync(cancellationToken);
    }

    /// <summary>Waits until the account has news on this server, or for the poll interval (see <see cref="ApprovalSignals"/>).</summary>
    public Task WaitForNewsAsync(string accountId, CancellationToken cancellationToken) => signals.WaitAsync(accountId, Settings.PollInterval, cancellationToken);

    /// <summary>
    /// A phone's answer to a request of its account: the device's assertion must sign the challenge that binds the request,
    /// <paramref name="number"/> and <paramref name="decision"/>. Approved with the right number, refused with a wrong one;
    /// "deny" reports a sign-in the person did not start and suspends push for the account. Each request is answered once.
    /// </summary>
    public async Task<ApprovalAnswer> AnswerAsync(
        ApprovalDevice device, string? requestId, int? number, ApprovalDecision decision, string? credentialJson, SecurityEventContext request, CancellationToken cancellationToken)
    {
        var found = requestId is null ? null
            : await db.ApprovalRequests.AsNoTracking().FirstOrDefaultAsync(r => r.Id == requestId && r.AccountId == device.AccountId, cancellationToken);
        if (found is null)
        {
            return ApprovalAnswer.Refused(SecondFactorError.NotFound, NoLongerWaitingMessage);
        }

        if (decision == ApprovalDecision.Approve && (number is not { } picked || !Choices(found).Contains(picked)))
        {
            return ApprovalAnswer.Refused(SecondFactorError.Invalid, "Pick one of the three numbers shown.");
        }

        var numberSigned = decision == ApprovalDecision.Approve ? number : null;
        if (found.Status != ApprovalStatus.Pending)
        {
            await events.RecordAsync(SecurityEventTypes.PushAnswerRefused, SecuritySeverity.Medium, SecurityOutcome.Refused, request, cancellationToken,
                accountId: device.AccountId, details: $"factor=push; request={found.Id}; device={device.Id}; reason=already-{Name(found.Status)}");
            return ApprovalAnswer.Refused(SecondFactorError.Replayed, "This request was already answered.");
        }

        if (found.ExpiresAt <= clock.GetUtcNow())
        {
            await ExpireAsync(found, cancellationToken);
            return ApprovalAnswer.Refused(SecondFactorError.EnrollmentExpired, "This request expired before it was answered.");
        }

        var answer = WebAuthnChallenges.Parse<AuthenticatorAssertionRawResponse>(credentialJson);
        if (answer is null || !answer.RawId.AsSpan().SequenceEqual(device.CredentialId))
        {
            return ApprovalAnswer.Refused(SecondFactorError.Invalid, "The phone's answer could not be read.");
        }

        var expected = new AssertionOptions
        {
            Challenge = ApprovalChallenge.Compute(found.Id, found.Nonce, numberSigned, decision),
            RpId = relyingParty.Id,
            AllowCredentials = [new PublicKeyCredentialDescriptor(device.CredentialId)],
            UserVerification = UserVerificationRequirement.Required,
        };
        if (await VerifyAsync(device, answer, expected, request, cancellationToken) is { } refused)
        {
            return ApprovalAnswer.Refused(refused.Error, refused.Message!);
        }

        var outcome = decision == ApprovalDecision.Deny ? ApprovalStatus.Denied
            : numberSigned == found.Number ? ApprovalStatus.Approved
            : ApprovalStatus.WrongNumber;
        var now = clock.GetUtcNow();
        var methods = outcome == ApprovalStatus.Approved ? string.Join(' ', DeviceMethods(device, userVerified: true)) : null;
        var settled = await db.ApprovalRequests
            .Where(r => r.Id == found.Id && r.Status == ApprovalStatus.Pending && r.ExpiresAt > now)
            .ExecuteUpdateAsync(u => u.SetProperty(r => r.Status, outcome).SetProperty(r => r.AnsweredAt, now).SetProperty(r => r.DeviceId, device.Id).SetProperty(r => r.Methods, methods), cancellationToken);
        if (settled != 1)
        {
            return ApprovalAnswer.Refused(SecondFactorError.Replayed, "This request was already answered.");
        }

        signals.Notify(device.AccountId);
        return await ConcludeAsync(found, device, outcome, request, cancellationToken);
    }

    /// <summary>
    /// Completes the sign-in of the browser that created <paramref name="requestId"/> once its phone approved it: the
    /// approval is spent here, so it completes one sign-in, once. The methods it proved are returned for <c>amr</c>.
    /// </summary>
    public async Task<SecondFactorResult> CompleteAsync(Account account, string? requestId, string? browserSecret, SecurityEventContext request, CancellationToken cancellationToken)
    {
        var found = await FindForBrowserAsync(requestId, browserSecret, cancellationToken);
        if (found is null || found.AccountId != account.Id)
        {
            return SecondFactorResult.Fail(SecondFactorError.NotFound, "This approval belongs to another sign-in. Start again.");
        }

        // An approval is used at once by the page that waits for it; one left unused for a whole request lifetime is stale.
        var freshSince = clock.GetUtcNow() - Settings.RequestLifetime;
        var completed = found.Status == ApprovalStatus.Approved && found.AnsweredAt > freshSince && await db.ApprovalRequests
            .Where(r => r.Id == found.Id && r.Status == ApprovalStatus.Approved)
            .ExecuteUpdateAsync(u => u.SetProperty(r => r.Status, ApprovalStatus.Completed), cancellationToken) == 1;
        if (!completed)
        {
            return SecondFactorResult.Fail(SecondFactorError.WrongCode, found.Status == ApprovalStatus.Pending
                ? "Your phone has not approved this sign-in yet."
                : found.Status == ApprovalStatus.Approved ? "This approval is too old to use. Send a new request." : "This approval cannot be used. Start the sign-in again.");
        }

        await defence.SucceededAsync(CounterKey.ForAccount(Factors.Push, account.Id), cancellationToken);
        await events.RecordAsync(SecurityEventTypes.SecondFactorSucceeded, SecuritySeverity.Info, SecurityOutcome.Success, request, cancellationToken,
            accountId: account.Id, details: $"factor=push; request={found.Id}; device={found.DeviceId}");
        return SecondFactorResult.Ok() with { Methods = found.Methods?.Split(' ', StringSplitOptions.RemoveEmptyEntries) ?? [] };
    }

    /// <summary>Withdraws a waiting request of this browser (the person chose another factor): it no longer shows on the phone.</summary>
    public async Task CancelAsync(string? requestId, string? browserSecret, CancellationToken cancellationToken)
    {
        var found = await FindForBrowserAsync(requestId, browserSecret, cancellationToken);
        if (found is { Status: ApprovalStatus.Pending }
            && await db.ApprovalRequests.Where(r => r.Id == found.Id && r.Status == ApprovalStatus.Pending)
                .ExecuteUpdateAsync(u => u.SetProperty(r => r.Status, ApprovalStatus.Cancelled), cancellationToken) == 1)
        {
            signals.Notify(found.AccountId);
        }
    }

    /// <summary>Until when push approval is suspended for the account, or null when it is not.</summary>
    public async Task<DateTimeOffset?> SuspendedUntilAsync(string accountId, CancellationToken cancellationToken)
    {
        var until = await db.Accounts.Where(a => a.Id == accountId).Select(a => a.PushSuspendedUntil).FirstOrDefaultAsync(cancellationToken);
        return until > clock.GetUtcNow() ? until : null;
    }

    public static IReadOnlyList<int> Choices(ApprovalRequest request) =>
        [.. request.Choices.Split(',').Select(c => int.Parse(c, NumberStyles.None, CultureInfo.InvariantCulture))];

    public static string Name(ApprovalStatus status) => status switch
    {
        ApprovalStatus.WrongNumber => "wrong-number",
        _ => status.ToString().ToLowerInvariant(),
    };

    /// <summary>RFC 8176 values for an approval: the kind of key (synced passkey or device-bound) and the person verified on it.</summary>
    private static string[] DeviceMethods(ApprovalDevice device, bool userVerified) =>
        userVerified ? [device.IsBackupEligible ? "swk" : "hwk", "user"] : [device.IsBackupEligible ? "swk" : "hwk"];

    private async Task<ApprovalAnswer> ConcludeAsync(ApprovalRequest found, ApprovalDevice device, ApprovalStatus outcome, SecurityEventContext request, CancellationToken cancellationToken)
    {
        var details = $"factor=push; request={found.Id}; device={device.Id}";
        switch (outcome)
        {
            case ApprovalStatus.Approved:
                await events.RecordAsync(SecurityEventTypes.PushApproved, SecuritySeverity.Info, SecurityOutcome.Success, request, cancellationToken,
                    accountId: device.AccountId, details: details);
                return new ApprovalAnswer(outcome, SecondFactorError.None, "Approved. The sign-in continues on the other screen.", null);

            case ApprovalStatus.WrongNumber:
                await events.RecordAsync(SecurityEventTypes.PushWrongNumber, SecuritySeverity.Medium, SecurityOutcome.Refused, request, cancellationToken,
                    accountId: device.AccountId, details: details);
                await defence.RecordFailureAsync(found.Failures, request, device.AccountId, "factor=push; reason=wrong-number", cancellationToken);
                return new ApprovalAnswer(outcome, SecondFactorError.WrongCode,
                    "That is not the number on the sign-in screen, so the sign-in was refused. If you are signing in, start again.", await TireAsync(found.AccountId, request, cancellationToken));

            default:
                var until = clock.GetUtcNow() + Settings.FraudSuspension;
                await events.RecordAsync(SecurityEventTypes.PushFraudReported, SecuritySeverity.High, SecurityOutcome.Refused, request, cancellationToken,
                    accountId: device.AccountId, details: $"{details}; the person did not start this sign-in: the password may be known to someone else; source={found.SourceAddress}; browser={found.Browser}");
                await defence.RecordFailureAsync(found.Failures, request, device.AccountId, "factor=push; reason=denied", cancellationToken);
                await SuspendAsync(found.AccountId, until, "reported as not the person's sign-in", request, cancellationToken);
                LogFraudReported(logger, device.AccountId, found.Id);
                return new ApprovalAnswer(outcome, SecondFactorError.None,
                    "The sign-in was refused and reported. Someone may know your password: change it now.", until);
        }
    }

    // A request that ran out unanswered counts as a failure, once, on whichever server notices first.
    private async Task<bool> ExpireAsync(ApprovalRequest found, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (await db.ApprovalRequests.Where(r => r.Id == found.Id && r.Status == ApprovalStatus.Pending && r.ExpiresAt <= now)
                .ExecuteUpdateAsync(u => u.SetProperty(r => r.Status, ApprovalStatus.Expired), cancellationToken) != 1)
        {
            return false;
        }

        var request = new SecurityEventContext(System.Net.IPAddress.TryParse(found.SourceAddress, out var source) ? source : null, found.Browser, null);
        await events.RecordAsync(SecurityEventTypes.PushExpired, SecuritySeverity.Low, SecurityOutcome.Failure, request, cancellationToken,
            accountId: found.AccountId, details: $"factor=push; request={found.Id}; not answered in time");
        await defence.RecordFailureAsync(found.Failures, request, found.AccountId, "factor=push; reason=unanswered", cancellationToken);
        await TireAsync(found.AccountId, request, cancellationToken);
        signals.Notify(found.AccountId);
        return true;
    }

    private async Task SettleExpiredAsync(string accountId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        foreach (var expired in await db.ApprovalRequests.AsNoTracking()
                     .Where(r => r.AccountId == accountId && r.Status == ApprovalStatus.Pending && r.ExpiresAt <= now).ToListAsync(cancellationToken))
        {
            await ExpireAsync(expired, cancellationToken);
        }
    }

    // The fatigue limit: denied, wrong-number and unanswered requests since the last suspension, within the window.
    private async Task<DateTimeOffset?> TireAsync(string accountId, SecurityEventContext request, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var since = now - Settings.FatigueWindow;
        var lastSuspension = await db.Accounts.Where(a => a.Id == accountId).Select(a => a.PushSuspendedUntil).FirstOrDefaultAsync(cancellationToken);
        if (lastSuspension > since)
        {
            since = lastSuspension.Value;
        }

        var failed = await db.ApprovalRequests.CountAsync(r => r.AccountId == accountId && FatigueOutcomes.Contains(r.Status) && r.CreatedAt >= since, cancellationToken);
        if (failed < Settings.FatigueLimit)
        {
            return null;
        }

        var until = now + Settings.FatigueSuspension;
        await SuspendAsync(accountId, until, string.Create(CultureInfo.InvariantCulture, $"{failed} requests denied, refused or unanswered since {since:O}"), request, cancellationToken);
        return until;
    }

    private async Task SuspendAsync(string accountId, DateTimeOffset until, string reason, SecurityEventContext request, CancellationToken cancellationToken)
    {
        // A suspension only ever grows: a shorter one never cuts a longer one short.
        await db.Accounts.Where(a => a.Id == accountId && (a.PushSuspendedUntil == null || a.PushSuspendedUntil < until))
            .ExecuteUpdateAsync(u => u.SetProperty(a => a.PushSuspendedUntil, until), cancellationToken);
        await events.RecordAsync(SecurityEventTypes.PushSuspended, SecuritySeverity.Medium, SecurityOutcome.Refused, request, cancellationToken,
            accountId: accountId, details: string.Create(CultureInfo.InvariantCulture, $"factor=push; until={until:O}; {reason}"));
        LogSuspended(logger, accountId, until);
    }

    private static SecondFactorResult TurnedOff() => SecondFactorResult.Fail(SecondFactorError.Invalid, "Approval on a phone is turned off on this server.");

    private SecondFactorResult TooManyDevices() => SecondFactorResult.Fail(SecondFactorError.Invalid,
        $"An account can have at most {Settings.MaximumDevicesPerAccount} phones for approvals; remove one first.");

    private SecondFactorResult Suspended(DateTimeOffset until) => SecondFactorResult.Fail(SecondFactorError.Suspended,
        string.Create(CultureInfo.InvariantCulture, $"Approval on your phone is paused for this account until {until.UtcDateTime:d MMM yyyy, HH:mm} UTC. Use another way to confirm it is you."));

    // Checks the device's assertion and moves its counter forward (compare-and-swap); null when it is accepted.
    private async Task<SecondFactorResult?> VerifyAsync(ApprovalDevice device, AuthenticatorAssertionRawResponse answer, AssertionOptions expected, SecurityEventContext request, CancellationToken cancellationToken)
    {
        var verified = await relyingParty.VerifyAssertionAsync(answer, expected, device.PublicKey, device.SignCount, device.UserHandle, cancellationToken);
        if (verified.CounterRegressed)
        {
            await events.RecordAsync(SecurityEventTypes.SecurityKeyCounterRegressed, SecuritySeverity.High, SecurityOutcome.Refused, request, cancellationToken,
                accountId: device.AccountId, details: $"factor=push; device={device.Id}; the sign counter did not increase: possible cloned credential");
        }

        if (!verified.Succeeded)
        {
            return SecondFactorResult.Fail(SecondFactorError.WrongCode, verified.Refusal!);
        }

        var now = clock.GetUtcNow();
        var stored = await db.ApprovalDevices
            .Where(d => d.Id == device.Id && d.SignCount == device.SignCount)
            .ExecuteUpdateAsync(u => u.SetProperty(d => d.SignCount, (long)verified.SignCount).SetProperty(d => d.LastUsedAt, now), cancellationToken);
        return stored != 1 && verified.SignCount > 0
            ? SecondFactorResult.Fail(SecondFactorError.WrongCode, "This phone answered twice at once. Try again.")
            : null;
    }

    private async Task<(ApprovalDevice? Device, AuthenticatorAssertionRawResponse? Answer)> DeviceOfAnswerAsync(string? accountId, string? credentialJson, CancellationToken cancellationToken)
    {
        var answer = WebAuthnChallenges.Parse<AuthenticatorAssertionRawResponse>(credentialJson);
        var device = answer is not { RawId.Length: > 0 } ? null
            : await db.ApprovalDevices.AsNoTracking().FirstOrDefaultAsync(d => d.CredentialId == answer.RawId && d.AccountId == accountId, cancellationToken);
        return (device, answer);
    }

    private async Task<ApprovalEnrollment?> OpenEnrollmentAsync(string? code, CancellationToken cancellationToken)
    {
        var normalized = NormalizeCode(code);
        if (normalized is null)
        {
            return null;
        }

        var hash = Hash(normalized);
        var now = clock.GetUtcNow();
        return await db.ApprovalEnrollments.AsNoTracking().FirstOrDefaultAsync(e => e.CodeHash == hash && e.UsedAt == null && e.ExpiresAt > now, cancellationToken);
    }

    private async Task<bool> IsNewCredentialAsync(byte[] credentialId, CancellationToken cancellationToken) =>
        !await db.ApprovalDevices.AnyAsync(d => d.CredentialId == credentialId, cancellationToken)
        && !await db.SecurityKeys.AnyAsync(k => k.CredentialId == credentialId, cancellationToken);

    private static bool Binds(ApprovalRequest request, string? browserSecret) =>
        browserSecret is { Length: > 0 and <= 64 } && CryptographicOperations.FixedTimeEquals(request.BrowserBinding, Hash(browserSecret));

    /// <summary>The right number and two others, all different, in random order.</summary>
    private static int[] Choices(int number)
    {
        var choices = new List<int> { number };
        while (choices.Count < 3)
        {
            var other = RandomNumberGenerator.GetInt32(10, 100);
            if (!choices.Contains(other))
            {
                choices.Add(other);
            }
        }

        RandomNumberGenerator.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(choices));
        return [.. choices];
    }

    private static string NewCode() => RandomNumberGenerator.GetString(CodeAlphabet, CodeLength);

    /// <summary>A typed or scanned link code: case and separators do not matter, and O, I and L read as 0, 1 and 1.</summary>
    public static string? NormalizeCode(string? code)
    {
        if (code is null || code.Length > 64)
        {
            return null;
        }

        var builder = new StringBuilder(CodeLength);
        foreach (var c in code.ToUpperInvariant())
        {
            var mapped = c switch { 'O' => '0', 'I' or 'L' => '1', _ => c };
            if (CodeAlphabet.Contains(mapped, StringComparison.Ordinal))
            {
                builder.Append(mapped);
            }
            else if (c is not (' ' or '-'))
            {
                return null;
            }
        }

        return builder.Length == CodeLength ? builder.ToString() : null;
    }

    /// <summary>A code in groups of four, for reading aloud or typing.</summary>
    public static string Grouped(string code) => string.Join('-', code.Chunk(4).Select(group => new string(group)));

    private static byte[] Hash(string value) => SHA256.HashData(Encoding.UTF8.GetBytes(value));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string Truncate(string value, int length) => value.Length <= length ? value : value[..length];

    [LoggerMessage(EventId = 1511, Level = LogLevel.Information, Message = "Account {AccountId} registered phone {DeviceId} for push approval")]
    private static partial void LogDeviceRegistered(ILogger logger, string accountId, string deviceId);

    [LoggerMessage(EventId = 1512, Level = LogLevel.Warning, Message = "Account {AccountId} reported push request {RequestId} as a sign-in it did not start")]
    private static partial void LogFraudReported(ILogger logger, string accountId, string requestId);

    [LoggerMessage(EventId = 1513, Level = LogLevel.Warning, Message = "Push approval suspended for account {AccountId} until {Until}")]
    private static partial void LogSuspended(ILogger logger, string accountId, DateTimeOffset until);
}
