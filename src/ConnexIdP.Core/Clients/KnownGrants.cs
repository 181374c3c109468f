using static OpenIddict.Abstractions.OpenIddictConstants;

namespace ConnexIdP.Core.Clients;

/// <summary>The grants ConnexIdP offers. Implicit and resource-owner password are refused by design (RFC 9700).</summary>
public static class KnownGrants
{
    public static readonly IReadOnlySet<string> Supported = new HashSet<string>(StringComparer.Ordinal)
    {
        GrantTypes.AuthorizationCode,
        GrantTypes.RefreshToken,
        GrantTypes.ClientCredentials,
    };

    public static readonly IReadOnlySet<string> StandardScopes = new HashSet<string>(StringComparer.Ordinal)
    {
        OpenIddict.Abstractions.OpenIddictConstants.Scopes.OpenId,
        OpenIddict.Abstractions.OpenIddictConstants.Scopes.Profile,
        OpenIddict.Abstractions.OpenIddictConstants.Scopes.Email,
        OpenIddict.Abstractions.OpenIddictConstants.Scopes.OfflineAccess,
    };
}
