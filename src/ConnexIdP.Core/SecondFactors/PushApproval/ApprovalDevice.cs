namespace ConnexIdP.Core.SecondFactors.PushApproval;

/// <summary>
/// A phone that approves sign-ins: the WebAuthn credential (a platform passkey with user verification) created on it
/// by the approval app. The credential has a user handle of its own, so creating it never replaces a passkey the
/// person already keeps for this site on the same phone.
/// </summary>
public sealed class ApprovalDevice
{
    public const int NameMaxLength = 64;

    public required string Id { get; init; }
    public required string AccountId { get; init; }
    public required string Name { get; set; }

    public required byte[] CredentialId { get; init; }

    /// <summary>The credential public key, COSE-encoded.</summary>
    public required byte[] PublicKey { get; init; }

    public required byte[] UserHandle { get; init; }

    public long SignCount { get; set; }

    /// <summary>Whether the credential may be synced to other devices (<c>swk</c>) rather than bound to this phone (<c>hwk</c>).</summary>
    public bool IsBackupEligible { get; init; }

    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? LastUsedAt { get; set; }
}
