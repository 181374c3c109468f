namespace ConnexIdP.Samples.RelyingParty;

/// <summary>How the sample relying party finds and authenticates to ConnexIdP.</summary>
public sealed record RelyingPartySettings
{
    public required Uri Authority { get; init; }
    public required string ClientId { get; init; }
    public string? ClientSecret { get; init; }
    public IReadOnlyList<string> Scopes { get; init; } = ["openid", "profile", "email", "offline_access"];

    /// <summary>Sent as <c>acr_values</c> when set.</summary>
    public string? AcrValues { get; init; }

    /// <summary>For a server with a private CA or self-signed certificate (tests, development).</summary>
    public HttpMessageHandler? BackchannelHandler { get; init; }
}
