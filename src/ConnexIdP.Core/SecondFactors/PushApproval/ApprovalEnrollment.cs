namespace ConnexIdP.Core.SecondFactors.PushApproval;

/// <summary>
/// A one-time link that registers a phone for an account: shown once (QR code and text) on the account page, valid a
/// few minutes, spent by the registration it starts. Only a hash of its code is stored.
/// </summary>
public sealed class ApprovalEnrollment
{
    public required string Id { get; init; }
    public required string AccountId { get; init; }

    /// <summary>SHA-256 of the code the link carries.</summary>
    public required byte[] CodeHash { get; init; }

    /// <summary>The name the person gave the phone.</summary>
    public required string DeviceName { get; init; }

    /// <summary>The registration ceremony the code last started; only that one can spend it.</summary>
    public string? ChallengeId { get; set; }

    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset ExpiresAt { get; init; }

    /// <summary>When a phone was registered with it; a spent link opens nothing.</summary>
    public DateTimeOffset? UsedAt { get; set; }

    public string? DeviceId { get; set; }
}
