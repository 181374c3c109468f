namespace ConnexIdP.Core.Security.Detection;

/// <summary>What a <see cref="SourceObservation"/> reports.</summary>
public enum ObservationKind
{
    PasswordSucceeded,
    PasswordFailed,
    ClientAuthenticationFailed,
    RefreshTokenReused,
    UnexpectedRequest,
}
