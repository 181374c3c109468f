namespace ConnexIdP.Core.Passwords;

/// <summary>Which edition of NIST SP 800-63B sets the minimum length (configuration key <c>Passwords:Policy:Profile</c>).</summary>
public enum PasswordPolicyProfile
{
    /// <summary>Rev. 3 §5.1.1: at least 8 characters when a person chooses the password, 6 when the system generates it.</summary>
    Standard = 0,

    /// <summary>
    /// Rev. 4 §3.1.1.2: at least 15 characters while the password is the account's only factor, 8 once a second factor
    /// is enrolled. Rev. 4 has no separate allowance for generated passwords, so the same lengths apply to them.
    /// </summary>
    Rev4 = 1,
}
