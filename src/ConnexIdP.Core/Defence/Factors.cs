namespace ConnexIdP.Core.Defence;

/// <summary>The authentication factors that have failure counters of their own (NIST SP 800-63B limits failures per authenticator).</summary>
public static class Factors
{
    public const string Password = "password";

    /// <summary>Codes of the account's authenticator apps (all its apps share one counter).</summary>
    public const string AuthenticatorApp = "totp";

    public const string RecoveryCode = "recovery";

    /// <summary>Assertions of the account's security keys and passkeys.</summary>
    public const string SecurityKey = "webauthn";

    /// <summary>Passkey sign-ins (no password before them): counted apart, so a stranger naming a credential cannot lock the key as a second factor.</summary>
    public const string Passkey = "passkey";

    /// <summary>Push approvals: each request counts as a failure until the phone approves it and its sign-in completes.</summary>
    public const string Push = "push";

    /// <summary>The factors counted per account once it is known (after the password, or a passkey naming its account).</summary>
    public static readonly IReadOnlyList<string> AfterPassword = [AuthenticatorApp, RecoveryCode, SecurityKey, Passkey, Push];
}
