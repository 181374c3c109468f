namespace ConnexIdP.Core.Security.Detection;

/// <summary>What a <see cref="SourceObservation"/> reports.</summary>
public enum ObservationKind
{
    PasswordSucceeded,
    PasswordFailed,

    /// <summary>A sign-in refused unchecked because its counter is in backoff or locked.</summary>
    PasswordRefused,

    ClientAuthenticationFailed,
    RefreshTokenReused,

    /// <summary>A path vulnerability scanners probe (<see cref="ScannerPaths"/>).</summary>
    ScannerProbe,

    /// <summary>A request refused as malformed: bad encoding, oversized form or credentials, broken multipart.</summary>
    MalformedRequest,
}
