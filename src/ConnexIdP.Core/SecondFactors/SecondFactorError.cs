namespace ConnexIdP.Core.SecondFactors;

public enum SecondFactorError
{
    None = 0,

    /// <summary>The code is not one the factor accepts now.</summary>
    WrongCode,

    /// <summary>A correct authenticator code whose time step this account already used.</summary>
    Replayed,

    /// <summary>The factor's counter is in backoff or locked: nothing was checked.</summary>
    Throttled,

    /// <summary>The enrollment is unknown or took too long.</summary>
    EnrollmentExpired,

    NotFound,

    /// <summary>The name, or the number of factors, is not acceptable.</summary>
    Invalid,

    /// <summary>Removing this factor would leave an account that must have one without any.</summary>
    LastRequiredFactor,

    /// <summary>The account has no second factor for this (recovery codes need one).</summary>
    NoFactor,

    /// <summary>Push approval is suspended for the account for now; another factor will do.</summary>
    Suspended,

    /// <summary>An approval request of the account is already waiting for its phone.</summary>
    Busy,
}
