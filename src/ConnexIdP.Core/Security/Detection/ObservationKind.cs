namespace ConnexIdP.Core.Security.Detection;

/// <summary>What a <see cref="SourceObservation"/> reports.</summary>
public enum ObservationKind
{
    PasswordSucceeded,
    PasswordFailed,
    ClientAuthenticationFailed,
    RefreshTokenReused,

    /// <summary>A path vulnerability scanners probe (<see cref="ScannerPaths"/>).</summary>
    ScannerProbe,

    /// <summary>A request refused as malformed: bad encoding, oversized form or credentials, broken multipart.</summary>
    MalformedRequest,
}
