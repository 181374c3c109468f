using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace ConnexIdP.Testing;

/// <summary>
/// A <c>private_key_jwt</c> client assertion (RFC 7523 §3): iss = sub = client_id, a fresh jti, a short expiry.
/// OpenIddict 7.8 takes only the explicit type <c>client-authentication+jwt</c> and the issuer as audience
/// (draft-ietf-oauth-rfc7523bis), not <c>JWT</c> or the token endpoint.
/// </summary>
public static class ClientAssertion
{
    public const string Type = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

    /// <param name="withJti">False leaves out <c>jti</c>, which makes the assertion unacceptable.</param>
    public static string Create(string clientId, string audience, SigningCredentials key, TimeProvider clock, bool withJti = true)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var subject = new ClaimsIdentity([new Claim("sub", clientId)]);
        if (withJti)
        {
            subject.AddClaim(new Claim("jti", Guid.NewGuid().ToString("N")));
        }

        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = clientId,
            Audience = audience,
            Subject = subject,
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddMinutes(1),
            SigningCredentials = key,
            TokenType = "client-authentication+jwt",
        });
    }
}
