using ConnexIdP.Core.Clients;
using Microsoft.Extensions.Time.Testing;

namespace ConnexIdP.Testing;

/// <summary>
/// The common arrangement of a protocol test: a server, one person with a password, one confidential client using
/// the code flow with a redirect URI that no server answers (the browser stops there and reads the response), a
/// browser and the client's back channel.
/// </summary>
public sealed class CodeFlowScenario : IAsyncDisposable
{
    public const string Email = "ada@example.com";
    public const string Password = "correct horse battery staple";
    public const string ClientId = "webapp";
    public static readonly Uri RedirectUri = new("https://client.test/callback");
    public static readonly Uri PostLogoutRedirectUri = new("https://client.test/signed-out");

    private CodeFlowScenario(ConnexServer server, OAuthClient client, string? secret)
    {
        Server = server;
        Client = client;
        Secret = secret;
        Browser = new TestBrowser { StopAt = uri => uri.Host == RedirectUri.Host };
    }

    public ConnexServer Server { get; }

    public TestBrowser Browser { get; }

    public OAuthClient Client { get; }

    public string? Secret { get; }

    /// <summary>Starts a server and registers the person and the client (implicit consent unless <paramref name="customize"/> says otherwise).</summary>
    public static async Task<CodeFlowScenario> StartAsync(
        TestDatabase database = TestDatabase.Sqlite,
        FakeTimeProvider? clock = null,
        Func<ClientRegistration, ClientRegistration>? customize = null,
        IReadOnlyDictionary<string, string>? settings = null)
    {
        var server = await ConnexServer.StartAsync(database, clock, settings);
        try
        {
            await server.CreateAccountAsync(Email, Password, "Ada Lovelace");
            var registration = new ClientRegistration
            {
                ClientId = ClientId,
                Grants = ["authorization_code", "refresh_token"],
                RedirectUris = [RedirectUri.ToString()],
                PostLogoutRedirectUris = [PostLogoutRedirectUri.ToString()],
                Scopes = ["openid", "profile", "email", "offline_access"],
                Consent = ConsentMode.Implicit,
                Credential = ClientCredentialSource.GenerateSecret,
            };
            var registered = await server.RegisterClientAsync(customize?.Invoke(registration) ?? registration);
            return new CodeFlowScenario(server, new OAuthClient(server, ClientId, registered.GeneratedSecret), registered.GeneratedSecret);
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>A fresh code-flow request from this scenario's client (PKCE, state and nonce included).</summary>
    public AuthorizationRequest NewRequest() => new() { ClientId = ClientId, RedirectUri = RedirectUri };

    /// <summary>
    /// Sends the browser to the authorization endpoint and, when the sign-in page shows and <paramref name="signIn"/>
    /// allows, signs in. Returns what reached the redirect URI, or null when the browser ended on a page instead.
    /// </summary>
    public async Task<AuthorizationResponse?> AuthorizeAsync(AuthorizationRequest request, bool signIn = true)
    {
        await Browser.GetAsync(request.ToUri(Server.BaseAddress));
        var page = new SignInPage(Browser);
        if (signIn && page.IsShown)
        {
            await page.WithPasswordAsync(Email, Password);
        }

        return Response();
    }

    /// <summary>Runs <paramref name="request"/> through the browser (signing in if asked) and returns the code it brought back.</summary>
    public async Task<string> CodeAsync(AuthorizationRequest request) =>
        (await AuthorizeAsync(request))?.Code ?? throw new InvalidOperationException($"No code: {Browser.CurrentUrl} {Browser.LastStatus}");

    /// <summary>The authorization response the browser was redirected with, or null when it is on a page.</summary>
    public AuthorizationResponse? Response() =>
        Browser.CurrentUrl is { } url && url.Host == RedirectUri.Host ? AuthorizationResponse.From(url) : null;

    /// <summary>Signs in through a full code flow and redeems the code: the tokens a client holds after sign-in.</summary>
    public async Task<TokenResponse> SignInAsync(AuthorizationRequest? request = null)
    {
        request ??= NewRequest();
        var tokens = await Client.RedeemCodeAsync(await CodeAsync(request), request.RedirectUri, request.Pkce?.Verifier);
        return tokens.AccessToken is null ? throw new InvalidOperationException("The code was not redeemed: " + tokens) : tokens;
    }

    public async ValueTask DisposeAsync()
    {
        Browser.Dispose();
        Client.Dispose();
        await Server.DisposeAsync();
    }
}
