namespace ConnexIdP.Core.Defence;

/// <summary>The authentication factors that have failure counters of their own (NIST SP 800-63B limits failures per authenticator).</summary>
public static class Factors
{
    public const string Password = "password";
}
