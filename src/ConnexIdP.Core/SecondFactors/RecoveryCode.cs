namespace ConnexIdP.Core.SecondFactors;

/// <summary>One single-use recovery code of an account, stored as a keyed hash (see <see cref="RecoveryCodes"/>).</summary>
public sealed class RecoveryCode
{
    public required string Id { get; init; }
    public required string AccountId { get; init; }
    public required string Hash { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? UsedAt { get; set; }
}
