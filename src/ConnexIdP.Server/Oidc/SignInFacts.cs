using System.Globalization;
using System.Security.Claims;
using ConnexIdP.Core.SecondFactors;
using ConnexIdP.Server.Hosting;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace ConnexIdP.Server.Oidc;

/// <summary>
/// When and how the person signed in, as carried by the session cookie and then by the tokens: the time of the sign-in
/// (<c>auth_time</c>), the RFC 8176 methods (<c>amr</c>), and when a second factor was last checked in this session.
/// </summary>
public sealed record SignInFacts(DateTimeOffset AuthenticatedAt, IReadOnlyList<string> Methods, DateTimeOffset? SecondFactorAt = null)
{
    public bool IsMultiFactor => Methods.Contains(AuthenticationMethods.MultipleFactors);

    /// <summary>Read from the pending sign-in (a correct password still owing its second factor), not from a session.</summary>
    public bool IsPending { get; init; }

    public static SignInFacts? From(ClaimsPrincipal principal)
    {
        if (ReadTime(principal, Claims.AuthenticationTime) is not { } authenticatedAt)
        {
            return null;
        }

        var methods = principal.FindAll(Claims.AuthenticationMethodReference).Select(c => c.Value).ToList();
        return new SignInFacts(authenticatedAt, methods.Count == 0 ? [AuthenticationMethods.Password] : methods, ReadTime(principal, SessionDefaults.SecondFactorAtClaim));
    }

    /// <summary>
    /// The facts after a second factor was checked at <paramref name="at"/>: multi-factor from now on. A pending sign-in
    /// completes then (its <c>auth_time</c> is now); a session keeps its sign-in time, so a code alone never passes for
    /// the fresh sign-in <c>prompt=login</c> and <c>max_age</c> ask for.
    /// </summary>
    public SignInFacts WithSecondFactor(IEnumerable<string> methods, DateTimeOffset at) => new(
        IsPending ? at : AuthenticatedAt,
        [.. Methods.Union(methods).Append(AuthenticationMethods.MultipleFactors).Distinct(StringComparer.Ordinal)],
        at);

    private static DateTimeOffset? ReadTime(ClaimsPrincipal principal, string type) =>
        long.TryParse(principal.FindFirst(type)?.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : null;
}
