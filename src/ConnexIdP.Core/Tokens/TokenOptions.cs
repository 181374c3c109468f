namespace ConnexIdP.Core.Tokens;

/// <summary>Configuration section <c>Tokens</c>: lifetimes of what the token server issues.</summary>
public sealed class TokenOptions
{
    public const string Section = "Tokens";

    public TimeSpan AuthorizationCodeLifetime { get; set; } = TimeSpan.FromSeconds(60);
    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(10);
    public TimeSpan IdentityTokenLifetime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Sliding: each rotation issues a token valid this long, but never past <see cref="RefreshTokenAbsoluteLifetime"/>.</summary>
    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromDays(14);

    /// <summary>Hard cap from the original sign-in; after it the person signs in again.</summary>
    public TimeSpan RefreshTokenAbsoluteLifetime { get; set; } = TimeSpan.FromDays(30);

    /// <summary>
    /// Lifetime of a pushed authorization request's <c>request_uri</c> (RFC 9126). The authorization endpoint reads it
    /// again each time the sign-in comes back to it (after the password, the second factor, a step-up), so it must outlast
    /// the interactive sign-in: ten minutes, as long as a pending sign-in may wait for its second factor.
    /// </summary>
    public TimeSpan PushedRequestLifetime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>The public HTTPS address of this server (the <c>iss</c> of its tokens). Required outside Development.</summary>
    public Uri? Issuer { get; set; }

    public IEnumerable<string> Validate()
    {
        if (AuthorizationCodeLifetime <= TimeSpan.Zero || AuthorizationCodeLifetime > TimeSpan.FromMinutes(10))
        {
            yield return "Tokens:AuthorizationCodeLifetime must be between 1 second and 10 minutes.";
        }

        if (AccessTokenLifetime <= TimeSpan.Zero || AccessTokenLifetime > TimeSpan.FromHours(24))
        {
            yield return "Tokens:AccessTokenLifetime must be between 1 second and 24 hours.";
        }

        if (IdentityTokenLifetime <= TimeSpan.Zero || IdentityTokenLifetime > TimeSpan.FromHours(24))
        {
            yield return "Tokens:IdentityTokenLifetime must be between 1 second and 24 hours.";
        }

        if (RefreshTokenLifetime <= TimeSpan.Zero || RefreshTokenAbsoluteLifetime < RefreshTokenLifetime)
        {
            yield return "Tokens:RefreshTokenLifetime must be positive and no longer than Tokens:RefreshTokenAbsoluteLifetime.";
        }

        if (PushedRequestLifetime <= TimeSpan.Zero || PushedRequestLifetime > TimeSpan.FromMinutes(10))
        {
            yield return "Tokens:PushedRequestLifetime must be between 1 second and 10 minutes.";
        }

        if (Issuer is not null && (!Issuer.IsAbsoluteUri || Issuer.Scheme != Uri.UriSchemeHttps || !string.IsNullOrEmpty(Issuer.Query) || !string.IsNullOrEmpty(Issuer.Fragment)))
        {
            yield return "Tokens:Issuer must be an absolute https URL without query or fragment.";
        }
    }
}
