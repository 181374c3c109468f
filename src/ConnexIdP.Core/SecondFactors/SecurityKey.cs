namespace ConnexIdP.Core.SecondFactors;

/// <summary>
/// A WebAuthn credential of an account: a hardware security key (YubiKey) or a passkey. The credential id is unique
/// across the system; the sign counter only moves forward (a regression suggests a cloned key).
/// </summary>
public sealed class SecurityKey
{
    public const int NameMaxLength = 64;

    public required string Id { get; init; }
    public required string AccountId { get; init; }
    public required string Name { get; set; }

    /// <summary>The credential id the authenticator chose (at most 1023 bytes by WebAuthn).</summary>
    public required byte[] CredentialId { get; init; }

    /// <summary>The credential public key, COSE-encoded.</summary>
    public required byte[] PublicKey { get; init; }

    /// <summary>The user handle the credential was created with (the account's <see cref="Accounts.Account.WebAuthnUserHandle"/>).</summary>
    public required byte[] UserHandle { get; init; }

    public long SignCount { get; set; }

    /// <summary>Transports the browser reported (<c>usb</c>, <c>nfc</c>, <c>internal</c>, ...), space-separated.</summary>
    public string? Transports { get; init; }

    public Guid AaGuid { get; init; }

    /// <summary>Whether the credential may be synced between devices (a synced passkey rather than a device-bound key).</summary>
    public bool IsBackupEligible { get; init; }

    public string? AttestationFormat { get; init; }

    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? LastUsedAt { get; set; }
}
