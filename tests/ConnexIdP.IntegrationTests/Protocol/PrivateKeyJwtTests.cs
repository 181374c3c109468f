using System.Buffers.Text;
using System.Net;
using System.Security.Cryptography;
using ConnexIdP.Core.Clients;
using ConnexIdP.Testing;
using Microsoft.IdentityModel.Tokens;

namespace ConnexIdP.IntegrationTests.Protocol;

/// <summary>A client registered with a public key set authenticates with a JWT signed by its private key (RFC 7523, <c>private_key_jwt</c>).</summary>
public sealed class PrivateKeyJwtTests
{
    [Theory]
    [InlineData("RSA")]
    [InlineData("EC")]
    public async Task Client_signed_assertion_obtains_a_token(string keyType)
    {
        var (publicJwks, key) = keyType == "RSA" ? RsaKey("k1") : EcKey("k1");
        await using var server = await StartAsync(publicJwks);
        using var client = new OAuthClient(server, "signer", authentication: ClientAuthentication.PrivateKeyJwt) { AssertionKey = key };

        var token = await client.ClientCredentialsAsync("api1");

        Assert.True(token.Status == HttpStatusCode.OK, token.ToString());
        Assert.NotNull(token.AccessToken);
    }

    [Fact]
    public async Task Assertion_signed_with_another_key_is_invalid_client()
    {
        var (publicJwks, _) = RsaKey("k1");
        var (_, otherKey) = RsaKey("k1");
        await using var server = await StartAsync(publicJwks);
        using var client = new OAuthClient(server, "signer", authentication: ClientAuthentication.PrivateKeyJwt) { AssertionKey = otherKey };

        var token = await client.ClientCredentialsAsync("api1");

        OAuthAssert.Refused(token, HttpStatusCode.Unauthorized, "invalid_client");
    }

    [Theory]
    [InlineData("connect/token", "grant_type=client_credentials&scope=api1")]
    [InlineData("connect/introspect", "token=any")]
    [InlineData("connect/revoke", "token=any")]
    public async Task Assertion_for_another_audience_is_invalid_client(string endpoint, string parameters)
    {
        var (publicJwks, key) = RsaKey("k1");
        await using var server = await StartAsync(publicJwks);
        using var client = AssertingWith(server, ClientAssertion.Create("signer", "https://another-server.test/", key, TimeProvider.System));

        var answer = await client.PostAsync(endpoint, [.. parameters.Split('&').Select(p => p.Split('=')).Select(p => new KeyValuePair<string, string>(p[0], p[1]))]);

        OAuthAssert.Refused(answer, HttpStatusCode.Unauthorized, "invalid_client");
        Assert.Null(answer.Active);
    }

    [Fact]
    public async Task Replayed_assertion_is_invalid_client()
    {
        var (publicJwks, key) = RsaKey("k1");
        await using var server = await StartAsync(publicJwks);
        using var client = AssertingWith(server, ClientAssertion.Create("signer", server.BaseAddress.ToString(), key, TimeProvider.System));

        var first = await client.ClientCredentialsAsync("api1");
        var replay = await client.ClientCredentialsAsync("api1");

        Assert.True(first.Status == HttpStatusCode.OK, first.ToString());
        OAuthAssert.Refused(replay, HttpStatusCode.Unauthorized, "invalid_client");
    }

    [Fact]
    public async Task Same_assertion_sent_four_times_at_once_is_accepted_only_once()
    {
        var (publicJwks, key) = RsaKey("k1");
        await using var server = await StartAsync(publicJwks);
        using var client = AssertingWith(server, ClientAssertion.Create("signer", server.BaseAddress.ToString(), key, TimeProvider.System));

        var answers = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => client.ClientCredentialsAsync("api1")));

        Assert.Single(answers, a => a.Status == HttpStatusCode.OK);
        Assert.All(answers.Where(a => a.Status != HttpStatusCode.OK), a => OAuthAssert.Refused(a, HttpStatusCode.Unauthorized, "invalid_client"));
    }

    [Fact]
    public async Task Assertion_without_jti_is_invalid_client()
    {
        var (publicJwks, key) = RsaKey("k1");
        await using var server = await StartAsync(publicJwks);
        using var client = AssertingWith(server, ClientAssertion.Create("signer", server.BaseAddress.ToString(), key, TimeProvider.System, withJti: false));

        var token = await client.ClientCredentialsAsync("api1");

        OAuthAssert.Refused(token, HttpStatusCode.Unauthorized, "invalid_client");
    }

    [Fact]
    public async Task Key_client_cannot_fall_back_to_a_secret()
    {
        var (publicJwks, _) = RsaKey("k1");
        await using var server = await StartAsync(publicJwks);
        using var client = new OAuthClient(server, "signer", "a-guessed-secret-that-is-long-enough-01234");

        var token = await client.ClientCredentialsAsync("api1");

        OAuthAssert.Refused(token, HttpStatusCode.Unauthorized, "invalid_client");
    }

    private static async Task<ConnexServer> StartAsync(string publicJwks)
    {
        var server = await ConnexServer.StartAsync();
        await server.RegisterScopeAsync("api1", "api1");
        await server.RegisterClientAsync(new ClientRegistration
        {
            ClientId = "signer",
            Grants = ["client_credentials"],
            Scopes = ["api1"],
            Credential = ClientCredentialSource.JsonWebKeySet,
            CredentialValue = publicJwks,
        });
        return server;
    }

    private static OAuthClient AssertingWith(ConnexServer server, string assertion) =>
        new(server, "signer", authentication: ClientAuthentication.PrivateKeyJwt) { Assertion = assertion };

    private static (string PublicJwks, SigningCredentials Key) RsaKey(string keyId)
    {
        var rsa = RSA.Create(2048);
        var parameters = rsa.ExportParameters(includePrivateParameters: false);
        var jwks = $$"""{"keys":[{"kty":"RSA","use":"sig","alg":"RS256","kid":"{{keyId}}","n":"{{B64(parameters.Modulus!)}}","e":"{{B64(parameters.Exponent!)}}"}]}""";
        return (jwks, new SigningCredentials(new RsaSecurityKey(rsa) { KeyId = keyId }, SecurityAlgorithms.RsaSha256));
    }

    private static (string PublicJwks, SigningCredentials Key) EcKey(string keyId)
    {
        var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var parameters = ec.ExportParameters(includePrivateParameters: false);
        var jwks = $$"""{"keys":[{"kty":"EC","use":"sig","alg":"ES256","kid":"{{keyId}}","crv":"P-256","x":"{{B64(parameters.Q.X!)}}","y":"{{B64(parameters.Q.Y!)}}"}]}""";
        return (jwks, new SigningCredentials(new ECDsaSecurityKey(ec) { KeyId = keyId }, SecurityAlgorithms.EcdsaSha256));
    }

    private static string B64(byte[] value) => Base64Url.EncodeToString(value);
}
