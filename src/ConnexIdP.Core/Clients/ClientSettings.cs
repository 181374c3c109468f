namespace ConnexIdP.Core.Clients;

/// <summary>Names of the product's own per-client settings, stored in OpenIddict's application settings.</summary>
public static class ClientSettings
{
    public const string RefreshTokenReuseLeeway = "connexidp:refresh_token_reuse_leeway";

    /// <summary>"true": people signing in to this client must give a second factor.</summary>
    public const string RequireSecondFactor = "connexidp:require_mfa";

    public static bool RequiresSecondFactor(IReadOnlyDictionary<string, string> settings) =>
        settings.TryGetValue(RequireSecondFactor, out var value) && string.Equals(value, "true", StringComparison.Ordinal);
}
