namespace ConnexIdP.Core.SecondFactors.PushApproval;

/// <summary>
/// One push approval: created by a sign-in that owes its second factor, shown on the account's phones, answered once by
/// one of them, and completed once by the browser that created it (bound by a secret only that browser holds).
/// </summary>
public sealed class ApprovalRequest
{
    public required string Id { get; init; }
    public required string AccountId { get; init; }

    /// <summary>The number the sign-in page shows; the phone offers it among <see cref="Choices"/>.</summary>
    public int Number { get; init; }

    /// <summary>Three numbers, the right one among them, in the order the phone shows them (comma-separated).</summary>
    public required string Choices { get; init; }

    /// <summary>Random bytes mixed into the challenge the phone's answer signs.</summary>
    public required byte[] Nonce { get; init; }

    /// <summary>SHA-256 of the secret the creating browser holds in its cookie.</summary>
    public required byte[] BrowserBinding { get; init; }

    /// <summary>What is being approved, shown on the phone: the application, the source address and the browser.</summary>
    public required string ClientName { get; init; }

    public string? SourceAddress { get; init; }

    public required string Browser { get; init; }

    public ApprovalStatus Status { get; set; }

    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset ExpiresAt { get; init; }
    public DateTimeOffset? AnsweredAt { get; set; }

    public string? DeviceId { get; set; }

    /// <summary>The RFC 8176 methods an approval proved (space-separated), for the sign-in that completes it.</summary>
    public string? Methods { get; set; }

    /// <summary>The consecutive failures on the push counter this request makes if it is not approved (counted in advance).</summary>
    public int Failures { get; init; }
}

public enum ApprovalStatus
{
    Pending,
    Approved,

    /// <summary>Approved and used by its sign-in: spent.</summary>
    Completed,

    /// <summary>The phone picked a number other than the one the sign-in page showed.</summary>
    WrongNumber,

    /// <summary>"I'm not signing in": refused and reported.</summary>
    Denied,

    /// <summary>Not answered in time.</summary>
    Expired,

    /// <summary>The sign-in moved on without it (another factor, or a new request of the same browser).</summary>
    Cancelled,
}

/// <summary>What the phone answered; each is signed by the device's credential.</summary>
public enum ApprovalDecision
{
    Approve,

    /// <summary>"I'm not signing in".</summary>
    Deny,
}
