using ConnexIdP.Core.Accounts;
using ConnexIdP.Core.Data;
using Fido2NetLib;
using Fido2NetLib.Objects;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ConnexIdP.Core.SecondFactors;

/// <summary>
/// WebAuthn ceremonies over Fido2 (Level 2 relying-party steps): options with a fresh challenge stored server-side,
/// answers checked against them once (the challenge row is deleted by the answer that uses it, on any server), origin
/// and RP id hash, user presence, user verification as asked, credential ids unique across the system, and sign
/// counters that only move forward.
/// </summary>
public sealed class SecurityKeys(ConnexDbContext db, WebAuthnRelyingParty relyingParty, WebAuthnChallenges challenges, IOptions<SecondFactorOptions> options, TimeProvider clock)
{
    private WebAuthnOptions Settings => options.Value.WebAuthn;

    public async Task<IReadOnlyList<SecurityKey>> ListAsync(string accountId, CancellationToken cancellationToken) =>
        await db.SecurityKeys.AsNoTracking().Where(k => k.AccountId == accountId).OrderBy(k => k.CreatedAt).ToListAsync(cancellationToken);

    /// <summary>Options to create a credential for <paramref name="account"/>, excluding the keys it has (so one key is not registered twice).</summary>
    public async Task<WebAuthnStart> BeginRegistrationAsync(Account account, string name, CancellationToken cancellationToken)
    {
        if (account.WebAuthnUserHandle is null)
        {
            account.WebAuthnUserHandle = System.Security.Cryptography.RandomNumberGenerator.GetBytes(32);
            await db.SaveChangesAsync(cancellationToken);
        }

        var existing = await ListAsync(account.Id, cancellationToken);
        var created = relyingParty.Fido2.RequestNewCredential(new RequestNewCredentialParams
        {
            User = new Fido2User { Id = account.WebAuthnUserHandle, Name = account.Email, DisplayName = account.DisplayName ?? account.Email },
            ExcludeCredentials = [.. existing.Select(k => new PublicKeyCredentialDescriptor(k.CredentialId))],
            AuthenticatorSelection = new AuthenticatorSelection
            {
                ResidentKey = ResidentKeyRequirement.Preferred,
                UserVerification = Settings.UserVerification,
            },
            AttestationPreference = relyingParty.RequireTrustedAttestation ? AttestationConveyancePreference.Direct : AttestationConveyancePreference.None,
            PubKeyCredParams = [PubKeyCredParam.ES256, PubKeyCredParam.RS256, PubKeyCredParam.Ed25519],
        });
        return await challenges.StoreAsync(account.Id, WebAuthnCeremony.Registration, created.ToJson(), name, cancellationToken);
    }

    /// <summary>Verifies the browser's new credential against the stored options and keeps it; the challenge is spent either way.</summary>
    public async Task<(SecurityKey? Key, SecondFactorError Error, string? Message)> CompleteRegistrationAsync(
        Account account, string? challengeId, string? credentialJson, CancellationToken cancellationToken)
    {
        var challenge = await challenges.TakeAsync(challengeId, WebAuthnCeremony.Registration, cancellationToken);
        if (challenge is null || challenge.AccountId != account.Id)
        {
            return (null, SecondFactorError.EnrollmentExpired, "This registration has expired. Start again.");
        }

        var answer = WebAuthnChallenges.Parse<AuthenticatorAttestationRawResponse>(credentialJson);
        if (answer is null)
        {
            return (null, SecondFactorError.Invalid, "The browser's answer could not be read.");
        }

        var (credential, refusal) = await relyingParty.VerifyRegistrationAsync(answer, challenge.Options, IsNewCredentialAsync, cancellationToken);
        if (credential is null)
        {
            return (null, SecondFactorError.WrongCode, refusal);
        }

        if (relyingParty.RequireTrustedAttestation && !relyingParty.IsTrustedAttestation(credential.AttestationObject, clock.GetUtcNow()))
        {
            return (null, SecondFactorError.Invalid, "This kind of security key is not accepted here. Use one your organisation issued.");
        }

        var now = clock.GetUtcNow();
        var key = new SecurityKey
        {
            Id = Guid.CreateVersion7(now).ToString(),
            AccountId = account.Id,
            Name = challenge.KeyName ?? "Security key",
            CredentialId = credential.Id,
            PublicKey = credential.PublicKey,
            UserHandle = account.WebAuthnUserHandle!,
            SignCount = credential.SignCount,
            Transports = credential.Transports is { Length: > 0 } transports ? string.Join(' ', transports.Select(t => t.ToString().ToLowerInvariant())) : null,
            AaGuid = credential.AaGuid,
            IsBackupEligible = credential.IsBackupEligible,
            AttestationFormat = credential.AttestationFormat,
            CreatedAt = now,
        };
        db.SecurityKeys.Add(key);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // The unique index on credential ids decided a race between two registrations of one credential.
            db.Entry(key).State = EntityState.Detached;
            return (null, SecondFactorError.Invalid, "This security key is already registered.");
        }

        return (key, SecondFactorError.None, null);
    }

    /// <summary>
    /// Options to get an assertion: from one of <paramref name="account"/>'s keys (second factor), or, with no account,
    /// from any discoverable credential with user verification (passkey sign-in).
    /// </summary>
    public async Task<WebAuthnStart> BeginAssertionAsync(Account? account, CancellationToken cancellationToken)
    {
        var allowed = account is null ? [] : (await ListAsync(account.Id, cancellationToken)).Select(k => new PublicKeyCredentialDescriptor(k.CredentialId)).ToList();
        var assertion = relyingParty.Fido2.GetAssertionOptions(new GetAssertionOptionsParams
        {
            AllowedCredentials = allowed,
            UserVerification = account is null ? UserVerificationRequirement.Required : Settings.UserVerification,
        });
        return await challenges.StoreAsync(account?.Id, account is null ? WebAuthnCeremony.Passkey : WebAuthnCeremony.SecondFactor, assertion.ToJson(), null, cancellationToken);
    }

    /// <summary>Whether <paramref name="challengeId"/> names an unexpired, unanswered ceremony of <paramref name="ceremony"/> (nothing is spent).</summary>
    public Task<bool> IsOpenAsync(string? challengeId, WebAuthnCeremony ceremony, CancellationToken cancellationToken) =>
        challenges.IsOpenAsync(challengeId, ceremony, cancellationToken);

    /// <summary>The credential id an answer names, to find its key (and so its account) before checking anything.</summary>
    public async Task<SecurityKey?> FindByAnswerAsync(string? credentialJson, CancellationToken cancellationToken) =>
        WebAuthnChallenges.Parse<AuthenticatorAssertionRawResponse>(credentialJson) is { RawId: { Length: > 0 } rawId }
            ? await db.SecurityKeys.FirstOrDefaultAsync(k => k.CredentialId == rawId, cancellationToken)
            : null;

    /// <summary>
    /// Verifies an assertion against its stored options: for <paramref name="account"/>'s keys only when one is given,
    /// else (passkey) for the key the credential id names, which must carry the user handle it was created with.
    /// On success the key's counter and last use are stored; a counter that went backwards is refused.
    /// </summary>
    public async Task<SecurityKeyCheck> CompleteAssertionAsync(Account? account, string? challengeId, string? credentialJson, CancellationToken cancellationToken)
    {
        var ceremony = account is null ? WebAuthnCeremony.Passkey : WebAuthnCeremony.SecondFactor;
        var challenge = await challenges.TakeAsync(challengeId, ceremony, cancellationToken);
        if (challenge is null || challenge.AccountId != account?.Id)
        {
            return new SecurityKeyCheck(SecondFactorError.EnrollmentExpired, "This request has expired. Try again.");
        }

        var answer = WebAuthnChallenges.Parse<AuthenticatorAssertionRawResponse>(credentialJson);
        var key = answer is null ? null : await db.SecurityKeys.FirstOrDefaultAsync(k => k.CredentialId == answer.RawId, cancellationToken);
        if (answer is null || key is null)
        {
            return new SecurityKeyCheck(SecondFactorError.WrongCode, "This security key is not registered here.");
        }

        if (account is not null && key.AccountId != account.Id)
        {
            return new SecurityKeyCheck(SecondFactorError.WrongCode, "This security key belongs to another account.");
        }

        // WebAuthn L2 §7.2 step 6: with nobody identified before the ceremony (passkey), the answer must name its user.
        // Fido2 compares the user handle only when one is sent, so its absence is refused here.
        if (account is null && answer.Response?.UserHandle is not { Length: > 0 })
        {
            return new SecurityKeyCheck(SecondFactorError.WrongCode, "This passkey did not say whose it is. Try again, or sign in with your email and password.", key);
        }

        var verified = await relyingParty.VerifyAssertionAsync(answer, AssertionOptions.FromJson(challenge.Options), key.PublicKey, key.SignCount, key.UserHandle, cancellationToken);
        if (!verified.Succeeded)
        {
            return new SecurityKeyCheck(SecondFactorError.WrongCode, verified.Refusal, key) { CounterRegressed = verified.CounterRegressed };
        }

        // Compare-and-swap on the counter: two answers racing with the same counter value cannot both pass.
        var now = clock.GetUtcNow();
        var stored = await db.SecurityKeys
            .Where(k => k.Id == key.Id && k.SignCount == key.SignCount)
            .ExecuteUpdateAsync(s => s.SetProperty(k => k.SignCount, (long)verified.SignCount).SetProperty(k => k.LastUsedAt, now), cancellationToken);
        return stored != 1 && verified.SignCount > 0
            ? new SecurityKeyCheck(SecondFactorError.WrongCode, "This security key was used twice at once. Try again.", key)
            : new SecurityKeyCheck(SecondFactorError.None, null, key, verified.UserVerified);
    }

    /// <summary>Removes the key with <paramref name="id"/> of the account; false when it has none such.</summary>
    public async Task<bool> RemoveAsync(string accountId, string? id, CancellationToken cancellationToken) =>
        await db.SecurityKeys.Where(k => k.Id == id && k.AccountId == accountId).ExecuteDeleteAsync(cancellationToken) == 1;

    public async Task<bool> RenameAsync(string accountId, string? id, string name, CancellationToken cancellationToken) =>
        await db.SecurityKeys.Where(k => k.Id == id && k.AccountId == accountId).ExecuteUpdateAsync(s => s.SetProperty(k => k.Name, name), cancellationToken) == 1;

    /// <summary>Credential ids are unique across the system: across security keys and approval phones.</summary>
    private async Task<bool> IsNewCredentialAsync(byte[] credentialId, CancellationToken cancellationToken) =>
        !await db.SecurityKeys.AnyAsync(k => k.CredentialId == credentialId, cancellationToken)
        && !await db.ApprovalDevices.AnyAsync(d => d.CredentialId == credentialId, cancellationToken);
}
