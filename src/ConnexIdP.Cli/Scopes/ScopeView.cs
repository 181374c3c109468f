namespace ConnexIdP.Cli.Scopes;

/// <param name="Resources">The audiences of tokens issued for this scope.</param>
internal sealed record ScopeView(string Name, string? DisplayName, IReadOnlyList<string> Resources);
