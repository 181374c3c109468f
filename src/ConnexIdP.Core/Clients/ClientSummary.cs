namespace ConnexIdP.Core.Clients;

public sealed record ClientSummary(
    string ClientId,
    string? DisplayName,
    string Type,
    string Consent,
    IReadOnlyList<string> Grants,
    IReadOnlyList<string> RedirectUris,
    IReadOnlyList<string> Scopes);
