namespace ConnexIdP.Core.SecondFactors;

/// <summary>
/// A TOTP authenticator app (RFC 6238) of an account. Its secret is kept encrypted with ASP.NET Core Data Protection;
/// it becomes a factor only once the person entered a valid code (<see cref="ConfirmedAt"/>). Unconfirmed rows are
/// enrollments in progress and expire.
/// </summary>
public sealed class AuthenticatorApp
{
    public const int NameMaxLength = 64;

    public required string Id { get; init; }
    public required string AccountId { get; init; }
    public required string Name { get; set; }

    /// <summary>The secret, encrypted with Data Protection for this account; never logged, never shown again after enrollment.</summary>
    public required string ProtectedSecret { get; init; }

    public TotpAlgorithm Algorithm { get; init; } = TotpAlgorithm.Sha1;
    public int Digits { get; init; } = 6;
    public int PeriodSeconds { get; init; } = 30;
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? ConfirmedAt { get; set; }
    public DateTimeOffset? LastUsedAt { get; set; }

    public bool IsConfirmed => ConfirmedAt is not null;
}
