using System.Net;

namespace ConnexIdP.IntegrationTests.Transport;

/// <summary>What a TLS client is offered by the server: protocol versions, cipher suites, the stapled OCSP response.</summary>
[Collection(TransportServerCollection.Name)]
public sealed class TlsHandshakeTests(TransportServer fixture)
{
    // Forward secret (ECDHE) and AEAD (GCM, ChaCha20-Poly1305): Mozilla's intermediate list without DHE.
    private static readonly HashSet<string> ForwardSecretAead =
    [
        "ECDHE-ECDSA-AES128-GCM-SHA256", "ECDHE-RSA-AES128-GCM-SHA256", "ECDHE-ECDSA-AES256-GCM-SHA384",
        "ECDHE-RSA-AES256-GCM-SHA384", "ECDHE-ECDSA-CHACHA20-POLY1305", "ECDHE-RSA-CHACHA20-POLY1305",
    ];

    private Uri Server => fixture.Server.BaseAddress;

    [Theory]
    [InlineData("-tls1")]
    [InlineData("-tls1_1")]
    public async Task Tls_1_0_and_1_1_handshakes_are_refused_by_the_server(string version)
    {
        // Security level 0 lets this OpenSSL offer the old protocol at all, so the refusal is the server's.
        var (cipher, output) = await OpenSslClient.HandshakeAsync(Server, version, "-cipher", "ALL:@SECLEVEL=0");

        Assert.Null(cipher);
        Assert.Contains("alert protocol version", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tls_1_3_handshake_succeeds_with_an_aead_suite()
    {
        var (cipher, output) = await OpenSslClient.HandshakeAsync(Server, "-tls1_3");

        Assert.Contains(cipher, new[] { "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256" });
        Assert.Contains("TLSv1.3", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tls_1_2_accepts_only_forward_secret_aead_suites()
    {
        var all = await OpenSslClient.AllTls12CiphersAsync();
        var accepted = new List<string>();
        foreach (var batch in all.Chunk(8))
        {
            var results = await Task.WhenAll(batch.Select(async suite =>
                (suite, (await OpenSslClient.HandshakeAsync(Server, "-tls1_2", "-cipher", suite + ":@SECLEVEL=0")).Cipher)));
            accepted.AddRange(results.Where(r => r.Cipher == r.suite).Select(r => r.suite));
        }

        Assert.True(all.Count > 20, $"OpenSSL knows only {all.Count} TLS 1.2 suites");
        Assert.NotEmpty(accepted);
        Assert.All(accepted, suite => Assert.Contains(suite, ForwardSecretAead));
    }

    [Fact]
    public async Task Ocsp_response_from_the_ca_responder_is_stapled()
    {
        // The server fetches the response in the background after loading the certificate; a first handshake may come before it.
        var output = string.Empty;
        for (var attempt = 0; attempt < 40; attempt++)
        {
            (_, output) = await OpenSslClient.HandshakeAsync(Server, "-status", "-CAfile", Path.Combine(fixture.Authority.CaDirectory, "ca.pem"));
            if (output.Contains("OCSP Response Status: successful", StringComparison.Ordinal))
            {
                break;
            }

            await Task.Delay(250);
        }

        Assert.Contains("OCSP Response Status: successful", output, StringComparison.Ordinal);
        Assert.Contains("Cert Status: good", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plain_http_redirects_pages_to_https_and_refuses_protocol_endpoints_and_posts()
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = fixture.Server.PlainHttpAddress };

        using var page = await http.GetAsync("account/signin?returnUrl=%2F");
        Assert.Equal(HttpStatusCode.MovedPermanently, page.StatusCode);
        Assert.Equal(new Uri(Server, "account/signin?returnUrl=%2F"), page.Headers.Location);

        foreach (var path in new[] { ".well-known/openid-configuration", "connect/authorize?client_id=x", "health/ready" })
        {
            using var refused = await http.GetAsync(path);
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }

        using var token = await http.PostAsync("connect/token", new FormUrlEncodedContent([new("grant_type", "client_credentials")]));
        Assert.Equal(HttpStatusCode.Forbidden, token.StatusCode);
        Assert.DoesNotContain("access_token", await token.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var signIn = await http.PostAsync("account/signin", new FormUrlEncodedContent([new("Email", TransportServer.Email), new("Password", TransportServer.Password)]));
        Assert.Equal(HttpStatusCode.Forbidden, signIn.StatusCode);
        Assert.False(signIn.Headers.Contains("Set-Cookie"));
    }
}
