using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.IdentityModel.Tokens;

namespace ConnexIdP.Testing;

/// <summary>
/// A raw OAuth client talking to the server's back channel (token, PAR, introspection, revocation, userinfo)
/// the way a client library would, authenticating itself as <see cref="Authentication"/> says.
/// </summary>
public sealed class OAuthClient : IDisposable
{
    private readonly ConnexServer _server;
    private readonly HttpClient _http;

    public OAuthClient(ConnexServer server, string clientId, string? secret = null, ClientAuthentication authentication = ClientAuthentication.SecretBasic)
    {
        _server = server;
        _http = server.CreateClient();
        ClientId = clientId;
        Secret = secret;
        Authentication = secret is null && authentication is ClientAuthentication.SecretBasic or ClientAuthentication.SecretPost ? ClientAuthentication.None : authentication;
    }

    public string ClientId { get; }

    public string? Secret { get; }

    public ClientAuthentication Authentication { get; init; }

    /// <summary>The key that signs client assertions for <see cref="ClientAuthentication.PrivateKeyJwt"/>.</summary>
    public SigningCredentials? AssertionKey { get; init; }

    /// <summary>The <c>aud</c> of client assertions; the server's issuer unless set.</summary>
    public string? AssertionAudience { get; init; }

    /// <summary>One assertion sent with every request (to replay it, or send a hand-made one) instead of a fresh one each time.</summary>
    public string? Assertion { get; init; }

    public Task<TokenResponse> ClientCredentialsAsync(string? scope) =>
        PostAsync("connect/token", Form(("grant_type", "client_credentials"), ("scope", scope)));

    public Task<TokenResponse> RedeemCodeAsync(string code, Uri redirectUri, string? codeVerifier) =>
        PostAsync("connect/token", Form(("grant_type", "authorization_code"), ("code", code), ("redirect_uri", redirectUri.OriginalString), ("code_verifier", codeVerifier)));

    public Task<TokenResponse> RefreshAsync(string refreshToken, string? scope = null) =>
        PostAsync("connect/token", Form(("grant_type", "refresh_token"), ("refresh_token", refreshToken), ("scope", scope)));

    public Task<TokenResponse> IntrospectAsync(string token, string? tokenTypeHint = null) =>
        PostAsync("connect/introspect", Form(("token", token), ("token_type_hint", tokenTypeHint)));

    public Task<TokenResponse> RevokeAsync(string token, string? tokenTypeHint = null) =>
        PostAsync("connect/revoke", Form(("token", token), ("token_type_hint", tokenTypeHint)));

    /// <summary>Pushes an authorization request (RFC 9126); the answer carries <c>request_uri</c>.</summary>
    public Task<TokenResponse> PushAsync(AuthorizationRequest request) =>
        PostAsync("connect/par", request.Parameters().Where(p => p.Key != "client_id").ToList());

    public async Task<TokenResponse> UserInfoAsync(string accessToken, HttpMethod method)
    {
        using var message = new HttpRequestMessage(method, "connect/userinfo");
        message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        if (method == HttpMethod.Post)
        {
            message.Content = new FormUrlEncodedContent([]);
        }

        using var response = await _http.SendAsync(message);
        return await TokenResponse.ReadAsync(response);
    }

    /// <summary>Posts <paramref name="form"/> to <paramref name="path"/> with this client's authentication added.</summary>
    public async Task<TokenResponse> PostAsync(string path, IReadOnlyList<KeyValuePair<string, string>> form)
    {
        var fields = new List<KeyValuePair<string, string>>(form);
        using var message = new HttpRequestMessage(HttpMethod.Post, path);
        switch (Authentication)
        {
            case ClientAuthentication.SecretBasic:
                var credentials = WebUtility.UrlEncode(ClientId) + ":" + WebUtility.UrlEncode(Secret);
                message.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials)));
                break;
            case ClientAuthentication.SecretPost:
                fields.Add(new("client_id", ClientId));
                fields.Add(new("client_secret", Secret!));
                break;
            case ClientAuthentication.PrivateKeyJwt:
                fields.Add(new("client_id", ClientId));
                fields.Add(new("client_assertion_type", ClientAssertion.Type));
                fields.Add(new("client_assertion", Assertion ?? ClientAssertion.Create(
                    ClientId,
                    AssertionAudience ?? _server.BaseAddress.ToString(),
                    AssertionKey ?? throw new InvalidOperationException("PrivateKeyJwt needs an AssertionKey or an Assertion."),
                    _server.Clock ?? TimeProvider.System)));
                break;
            default:
                fields.Add(new("client_id", ClientId));
                break;
        }

        message.Content = new FormUrlEncodedContent(fields);
        using var response = await _http.SendAsync(message);
        return await TokenResponse.ReadAsync(response);
    }

    public void Dispose() => _http.Dispose();

    /// <summary>Form fields from name/value pairs, leaving out those whose value is null.</summary>
    public static List<KeyValuePair<string, string>> Form(params (string Name, string? Value)[] fields) =>
        [.. fields.Where(f => f.Value is not null).Select(f => new KeyValuePair<string, string>(f.Name, f.Value!))];
}
