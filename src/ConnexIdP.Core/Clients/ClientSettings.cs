namespace ConnexIdP.Core.Clients;

/// <summary>Names of the product's own per-client settings, stored in OpenIddict's application settings.</summary>
public static class ClientSettings
{
    public const string RefreshTokenReuseLeeway = "connexidp:refresh_token_reuse_leeway";
}
