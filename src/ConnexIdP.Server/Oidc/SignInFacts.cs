using System.Globalization;
using System.Security.Claims;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace ConnexIdP.Server.Oidc;

/// <summary>When and how the person signed in, as carried by the session cookie and then by the tokens.</summary>
public sealed record SignInFacts(DateTimeOffset AuthenticatedAt, IReadOnlyList<string> Methods)
{
    public static SignInFacts? From(ClaimsPrincipal principal)
    {
        var value = principal.FindFirst(Claims.AuthenticationTime)?.Value;
        if (!long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return null;
        }

        var methods = principal.FindAll(Claims.AuthenticationMethodReference).Select(c => c.Value).ToList();
        return new SignInFacts(DateTimeOffset.FromUnixTimeSeconds(seconds), methods.Count == 0 ? ["pwd"] : methods);
    }
}
