namespace ConnexIdP.Server.Hosting;

/// <summary>The browser session at the identity provider (not the relying parties' sessions).</summary>
internal static class SessionDefaults
{
    public const string Scheme = "ConnexIdP.Session";
    public const string CookieName = "__Host-connexidp-session";
    public const string AntiforgeryCookieName = "__Host-connexidp-af";
    public const string SignInPath = "/account/signin";
    public const string SecurityStampClaim = "connexidp:stamp";
}
