namespace ConnexIdP.Core.ConnectedApps;

/// <summary>
/// A client an account has let in: the scopes it was allowed, since when, and whether the person's consent is
/// remembered (so the client signs in again without asking). <see cref="ApplicationId"/> names it for a revocation.
/// </summary>
public sealed record ConnectedApp(string ApplicationId, string ClientId, string Name, IReadOnlyList<string> Scopes, DateTimeOffset? Since, bool ConsentRemembered);
