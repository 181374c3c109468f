namespace ConnexIdP.Core.Security.Detection;

/// <summary>What a <see cref="SourceObservation"/> reports.</summary>
public enum ObservationKind
{
    PasswordSucceeded,
    PasswordFailed,

    /// <summary>A sign-in refused unchecked because its counter is in backoff or locked.</summary>
    PasswordRefused,

    /// <summary>A wrong or replayed second factor (authenticator code, recovery code, security key) after a correct password.</summary>
    SecondFactorFailed,

    /// <summary>A second factor refused unchecked because the factor's counter is in backoff or locked.</summary>
    SecondFactorRefused,

    ClientAuthenticationFailed,
    RefreshTokenReused,

    /// <summary>A path vulnerability scanners probe (<see cref="ScannerPaths"/>).</summary>
    ScannerProbe,

    /// <summary>A request refused as malformed: bad encoding, oversized form or credentials, broken multipart.</summary>
    MalformedRequest,
}
