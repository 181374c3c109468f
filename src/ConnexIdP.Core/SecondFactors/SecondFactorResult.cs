using ConnexIdP.Core.Defence;

namespace ConnexIdP.Core.SecondFactors;

/// <summary>The outcome of a second-factor operation: on success what the sign-in proved (<see cref="Methods"/>, RFC 8176 values).</summary>
public sealed record SecondFactorResult(SecondFactorError Error, string? Message)
{
    public bool Succeeded => Error == SecondFactorError.None;

    /// <summary>With <see cref="SecondFactorError.Throttled"/>: when to try again (null: until an administrator unlocks).</summary>
    public DefenceRefusal? Refusal { get; init; }

    /// <summary>The RFC 8176 <c>amr</c> values the factor adds to the password's <c>pwd</c>.</summary>
    public IReadOnlyList<string> Methods { get; init; } = [];

    /// <summary>A new set of recovery codes to show once (first enrollment, regeneration).</summary>
    public IReadOnlyList<string>? RecoveryCodes { get; init; }

    /// <summary>After a recovery code was spent: how many are left.</summary>
    public int? RecoveryCodesRemaining { get; init; }

    /// <summary>The authenticator added from the command line, to hand over once.</summary>
    public AuthenticatorEnrollment? Enrollment { get; init; }

    public static SecondFactorResult Ok() => new(SecondFactorError.None, null);

    public static SecondFactorResult Fail(SecondFactorError error, string message) => new(error, message);

    public static SecondFactorResult Throttled(DefenceRefusal refusal) => new(SecondFactorError.Throttled, refusal.Message) { Refusal = refusal };
}
