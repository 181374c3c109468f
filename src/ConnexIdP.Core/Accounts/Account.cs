namespace ConnexIdP.Core.Accounts;

/// <summary>A person who can sign in. The email is the sign-in name; its normalised form is unique.</summary>
public sealed class Account
{
    public required string Id { get; init; }
    public required string Email { get; set; }
    public required string NormalizedEmail { get; set; }
    public string? DisplayName { get; set; }
    public AccountStatus Status { get; set; } = AccountStatus.Active;
    public bool IsAdmin { get; set; }

    /// <summary>Self-describing Argon2id hash (see <see cref="Credentials.PasswordHashFormat"/>); null for accounts without a password.</summary>
    public string? PasswordHash { get; set; }

    /// <summary>Changes whenever credentials or status change, so sessions issued before can be recognised and ended.</summary>
    public required string SecurityStamp { get; set; }

    /// <summary>Set when the account must choose a new password before anything else (see <see cref="Accounts.PasswordChangeReason"/>).</summary>
    public PasswordChangeReason? PasswordChangeRequired { get; set; }

    /// <summary>The account must use a second factor even when policy does not require one of everyone (administrators always must).</summary>
    public bool SecondFactorRequired { get; set; }

    /// <summary>
    /// Start (Unix seconds) of the latest authenticator time step this account used: a code of that step or an earlier
    /// one is refused, so each code works once (RFC 6238 §5.2), on every server sharing the database.
    /// </summary>
    public long? LastOtpStepStart { get; set; }

    /// <summary>The WebAuthn user handle of the account's keys: 32 random bytes, no personal data; made at the first key.</summary>
    public byte[]? WebAuthnUserHandle { get; set; }

    /// <summary>Until when push approval is suspended for the account (after "I'm not signing in", or too many unanswered requests).</summary>
    public DateTimeOffset? PushSuspendedUntil { get; set; }

    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; set; }
}
