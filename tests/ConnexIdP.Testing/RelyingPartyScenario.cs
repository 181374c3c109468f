using System.Text.Json;
using ConnexIdP.Core.Clients;
using Microsoft.Extensions.Time.Testing;

namespace ConnexIdP.Testing;

/// <summary>
/// A person signed in to the sample relying party (Microsoft's OpenID Connect handler) through the real server, and
/// the relying party's own back channel (<see cref="Client"/>, same client id and secret) to use the tokens it received.
/// </summary>
public sealed class RelyingPartyScenario : IAsyncDisposable
{
    public const string Email = "ada@example.com";
    public const string Password = "correct horse battery staple";
    public const string ClientId = "portal";

    private RelyingPartyScenario(ConnexServer server, RelyingPartyHost rp, OAuthClient client)
    {
        Server = server;
        RelyingParty = rp;
        Client = client;
    }

    public ConnexServer Server { get; }

    public RelyingPartyHost RelyingParty { get; }

    public OAuthClient Client { get; }

    public TestBrowser Browser { get; } = new();

    /// <summary>Starts a server, registers the person and the relying party (with <paramref name="scopes"/>), and starts the relying party.</summary>
    /// <param name="apiScopes">API scopes to register first, each with its resource (audience).</param>
    /// <param name="settings">Configuration keys the server adds or overrides.</param>
    public static async Task<RelyingPartyScenario> StartAsync(
        TestDatabase database = TestDatabase.Sqlite,
        IReadOnlyList<string>? scopes = null,
        IReadOnlyList<(string Scope, string Resource)>? apiScopes = null,
        FakeTimeProvider? clock = null,
        IReadOnlyDictionary<string, string>? settings = null)
    {
        var server = await ConnexServer.StartAsync(database, clock, settings);
        try
        {
            await server.CreateAccountAsync(Email, Password, "Ada Lovelace");
            foreach (var (scope, resource) in apiScopes ?? [])
            {
                await server.RegisterScopeAsync(scope, resource);
            }

            scopes ??= ["openid", "profile", "email", "offline_access"];
            var port = RelyingPartyHost.ReservePort();
            var registered = await server.RegisterClientAsync(Registration(port, scopes));
            var rp = await RelyingPartyHost.StartAsync(port, server.BaseAddress, ClientId, registered.GeneratedSecret, scopes);
            return new RelyingPartyScenario(server, rp, new OAuthClient(server, ClientId, registered.GeneratedSecret));
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>The sample relying party as a confidential client with a generated secret, for a relying party on <paramref name="port"/>.</summary>
    public static ClientRegistration Registration(int port, IReadOnlyList<string> scopes) => new()
    {
        ClientId = ClientId,
        Grants = ["authorization_code", "refresh_token"],
        RedirectUris = [$"https://localhost:{port}/signin-oidc"],
        PostLogoutRedirectUris = [$"https://localhost:{port}/signout-callback-oidc"],
        Scopes = scopes,
        Consent = ConsentMode.Implicit,
        Credential = ClientCredentialSource.GenerateSecret,
    };

    /// <summary>Signs the person in at the relying party and returns what it holds: <c>id_token</c>, <c>access_token</c>, <c>refresh_token</c>, <c>claims</c>.</summary>
    public async Task<JsonElement> SignInAsync()
    {
        await Browser.GetAsync(new Uri(RelyingParty.BaseAddress, "login"));
        var signIn = new SignInPage(Browser);
        if (signIn.IsShown)
        {
            await signIn.WithPasswordAsync(Email, Password);
        }

        if (Browser.CurrentUrl != RelyingParty.BaseAddress)
        {
            throw new InvalidOperationException($"The relying party did not sign in: {Browser.CurrentUrl} {Browser.LastStatus} {Browser.LastBody}");
        }

        await Browser.GetAsync(new Uri(RelyingParty.BaseAddress, "tokens"));
        using var tokens = JsonDocument.Parse(Browser.LastBody!);
        return tokens.RootElement.Clone();
    }

    public async ValueTask DisposeAsync()
    {
        Browser.Dispose();
        Client.Dispose();
        await RelyingParty.DisposeAsync();
        await Server.DisposeAsync();
    }
}
