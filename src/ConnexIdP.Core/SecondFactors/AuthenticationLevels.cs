namespace ConnexIdP.Core.SecondFactors;

/// <summary>
/// The authentication context classes (<c>acr</c>) the product answers with, and how a request's <c>acr_values</c>
/// asks for a multi-factor sign-in. Also understood: the OpenID PAPE multi-factor policy URI that many clients send.
/// </summary>
public static class AuthenticationLevels
{
    public const string Password = "urn:connexidp:acr:pwd";
    public const string MultiFactor = "urn:connexidp:acr:mfa";
    public const string PapeMultiFactor = "http://schemas.openid.net/pape/policies/2007/06/multi-factor";

    public static IReadOnlyList<string> Supported { get; } = [Password, MultiFactor, PapeMultiFactor];

    /// <summary>
    /// True when every level of <paramref name="acrValues"/> the product knows is multi-factor: the client accepts no
    /// less. Unknown values are ignored (OpenID Connect Core: <c>acr_values</c> lists acceptable levels in order).
    /// </summary>
    public static bool RequestsMultiFactor(string? acrValues)
    {
        var known = (acrValues ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(Supported.Contains).ToList();
        return known.Count > 0 && known.All(value => value != Password);
    }

    /// <summary>The level a sign-in reached, for the <c>acr</c> claim.</summary>
    public static string Of(bool multiFactor) => multiFactor ? MultiFactor : Password;
}
