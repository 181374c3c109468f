using ConnexIdP.Core.Clients;

namespace ConnexIdP.Testing;

/// <summary>
/// The administrators' console as a relying party: a confidential code-flow client allowed the <c>admin</c> scope (the
/// admin API's), and the sign-in requests it makes. A person's token from it opens the admin API only with a second factor.
/// </summary>
public static class AdminConsole
{
    public const string ClientId = "admin-console";

    /// <summary>Registers the admin scope and the console on <paramref name="server"/>; returns the console's back channel.</summary>
    public static async Task<OAuthClient> RegisterAsync(ConnexServer server)
    {
        await server.RegisterScopeAsync("admin", "connexidp-admin");
        var console = await server.RegisterClientAsync(new ClientRegistration
        {
            ClientId = ClientId,
            Grants = ["authorization_code"],
            RedirectUris = [CodeFlowScenario.RedirectUri.ToString()],
            Scopes = ["openid", "admin"],
            Consent = ConsentMode.Implicit,
            Credential = ClientCredentialSource.GenerateSecret,
        });
        return new OAuthClient(server, ClientId, console.GeneratedSecret);
    }

    public static AuthorizationRequest NewRequest() => new() { ClientId = ClientId, RedirectUri = CodeFlowScenario.RedirectUri, Scope = "openid admin" };
}
