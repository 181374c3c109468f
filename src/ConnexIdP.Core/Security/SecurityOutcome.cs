namespace ConnexIdP.Core.Security;

/// <summary>What came of the action an event describes.</summary>
public enum SecurityOutcome
{
    Success = 0,
    Failure = 1,

    /// <summary>Nothing was checked: the request was turned away (backoff, lockout, block).</summary>
    Refused = 2,
}
