namespace ConnexIdP.Core.Credentials;

public enum PasswordVerificationResult
{
    Failed = 0,
    Success = 1,

    /// <summary>Correct, but stored with weaker parameters or another pepper than today's: rewrite the hash.</summary>
    SuccessRehashNeeded = 2,
}
