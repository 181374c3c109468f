using System.Diagnostics;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using ConnexIdP.Testing;

namespace ConnexIdP.IntegrationTests.Transport;

/// <summary>Oversized headers and forms are refused, and a client that sends its headers slowly is cut off.</summary>
public sealed class RequestLimitTests(RequestLimitTests.LimitedServer fixture) : IClassFixture<RequestLimitTests.LimitedServer>
{

    [Fact]
    public async Task Headers_over_the_total_limit_are_refused_with_431()
    {
        using var http = fixture.Server.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, ".well-known/openid-configuration");
        request.Headers.Add("X-Padding", new string('a', 40 * 1024));

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestHeaderFieldsTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task A_form_with_more_values_than_the_limit_is_refused_without_a_server_error()
    {
        using var http = fixture.Server.CreateClient();
        var fields = Enumerable.Range(0, 300).Select(i => new KeyValuePair<string, string>($"f{i}", "x")).Prepend(new("grant_type", "client_credentials"));

        using var response = await http.PostAsync("connect/token", new FormUrlEncodedContent(fields));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task A_client_that_never_finishes_its_headers_is_disconnected_after_the_headers_timeout()
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, fixture.Server.BaseAddress.Port);
        await using var tls = new SslStream(tcp.GetStream(), false, (_, certificate, _, _) => certificate is X509Certificate2 c && fixture.Authority.IssuedHere(c));
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = "localhost", ApplicationProtocols = [SslApplicationProtocol.Http11] });
        await tls.WriteAsync(Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\nHost: localhost\r\nX-Slow: "));
        var held = Stopwatch.StartNew();

        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var buffer = new byte[4096];
        try
        {
            while (await tls.ReadAsync(buffer, limit.Token) > 0)
            {
                // Kestrel may answer 408 before it closes; what matters is that it closes.
            }
        }
        catch (IOException)
        {
            // A reset is a close too.
        }

        Assert.InRange(held.Elapsed, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10));
    }

    /// <summary>A server whose headers timeout is 2 s, so the slow client is cut off quickly.</summary>
    public sealed class LimitedServer : IAsyncLifetime
    {
        public TestCertificateAuthority Authority { get; private set; } = null!;

        public ServerProcess Server { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            Authority = await TestCertificateAuthority.CreateAsync();
            Server = await TransportServer.StartOnAsync(Authority, settings: new Dictionary<string, string> { ["Http:Limits:RequestHeadersTimeout"] = "00:00:02" });
        }

        public async Task DisposeAsync()
        {
            await Server.DisposeAsync();
            await Authority.DisposeAsync();
        }
    }
}
