namespace ConnexIdP.Core.SecondFactors;

/// <summary>The outcome of a WebAuthn assertion: the key it proved, and whether the authenticator verified the user.</summary>
public sealed record SecurityKeyCheck(SecondFactorError Error, string? Message, SecurityKey? Key = null, bool UserVerified = false)
{
    public bool Succeeded => Error == SecondFactorError.None;

    /// <summary>The sign counter went backwards: the key may have been cloned.</summary>
    public bool CounterRegressed { get; init; }

    /// <summary>RFC 8176 <c>amr</c> values: <c>hwk</c> for a device-bound key, <c>swk</c> for a synced passkey, <c>user</c> and, with user verification, <c>pin</c>.</summary>
    public IReadOnlyList<string> Methods => Key is null ? []
        : UserVerified ? [Key.IsBackupEligible ? "swk" : "hwk", "user", "pin"]
        : [Key.IsBackupEligible ? "swk" : "hwk", "user"];
}
