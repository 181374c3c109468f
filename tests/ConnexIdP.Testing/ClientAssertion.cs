using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace ConnexIdP.Testing;

/// <summary>A <c>private_key_jwt</c> client assertion (RFC 7523 §3): iss = sub = client_id, a fresh jti, a short expiry.</summary>
public static class ClientAssertion
{
    public const string Type = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

    public static string Create(string clientId, string audience, SigningCredentials key, TimeProvider clock)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = clientId,
            Audience = audience,
            Subject = new ClaimsIdentity([new Claim("sub", clientId), new Claim("jti", Guid.NewGuid().ToString("N"))]),
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddMinutes(1),
            SigningCredentials = key,
        });
    }
}
