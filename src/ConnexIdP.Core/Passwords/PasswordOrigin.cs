namespace ConnexIdP.Core.Passwords;

/// <summary>Who sets a password: NIST allows a shorter minimum for one drawn at random by the system (rev. 3 only).</summary>
public enum PasswordOrigin
{
    /// <summary>A person chose it: at registration, on a change or a reset.</summary>
    Person = 0,

    /// <summary>The system generated it at random (<see cref="PasswordGenerator"/>), for example an initial password.</summary>
    System = 1,
}
