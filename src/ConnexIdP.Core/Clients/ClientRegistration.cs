namespace ConnexIdP.Core.Clients;

/// <summary>What an operator asks for when registering a relying party or API client.</summary>
public sealed record ClientRegistration
{
    public required string ClientId { get; init; }
    public string? DisplayName { get; init; }
    public ClientKind Kind { get; init; } = ClientKind.Confidential;
    public IReadOnlyList<string> Grants { get; init; } = [];
    public IReadOnlyList<string> RedirectUris { get; init; } = [];
    public IReadOnlyList<string> PostLogoutRedirectUris { get; init; } = [];
    public IReadOnlyList<string> Scopes { get; init; } = [];
    public ConsentMode Consent { get; init; } = ConsentMode.Explicit;
    public ClientCredentialSource Credential { get; init; }

    /// <summary>The secret for <see cref="ClientCredentialSource.ProvidedSecret"/>, or the JWKS JSON for <see cref="ClientCredentialSource.JsonWebKeySet"/>.</summary>
    public string? CredentialValue { get; init; }

    /// <summary>Only pushed authorization requests (RFC 9126) are accepted from this client.</summary>
    public bool RequirePushedAuthorization { get; init; }

    /// <summary>People signing in to this client must give a second factor, whatever their account's own policy.</summary>
    public bool RequireSecondFactor { get; init; }

    /// <summary>Window in which a rotated refresh token may be presented again (clients on unreliable networks); none by default.</summary>
    public TimeSpan? RefreshTokenReuseLeeway { get; init; }
}
