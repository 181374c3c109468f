namespace ConnexIdP.Server.Hosting;

/// <summary>The browser session at the identity provider (not the relying parties' sessions).</summary>
internal static class SessionDefaults
{
    public const string Scheme = "ConnexIdP.Session";
    public const string CookieName = "__Host-connexidp-session";
    public const string AntiforgeryCookieName = "__Host-connexidp-af";
    public const string SignInPath = "/account/signin";
    public const string SecurityStampClaim = "connexidp:stamp";

    /// <summary>When a second factor was last checked in this session (Unix seconds): what "a fresh check" is measured by.</summary>
    public const string SecondFactorAtClaim = "connexidp:mfa_at";

    /// <summary>A sign-in whose password was right and which still needs a second factor (or the enrollment of one).</summary>
    public const string PendingScheme = "ConnexIdP.PendingSignIn";
    public const string PendingCookieName = "__Host-connexidp-pending";
    public const string SecondFactorPath = "/account/signin/second-factor";
    public const string EnrollPath = "/account/security/authenticator";
}
