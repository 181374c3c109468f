using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

namespace ConnexIdP.Bench.SignInStorm;

/// <summary>
/// HTTP/1.1 clients that trust exactly the server's certificate, each opening its connections from its own loopback
/// address (127.0.1.x; all of 127.0.0.0/8 is the loopback interface on Linux), so the server sees the storm coming from
/// many addresses, as a botnet's would, and not only from 127.0.0.1.
/// </summary>
internal static class StormClients
{
    public static HttpClient Create(Uri baseAddress, X509Certificate2 trusted, IPAddress? source = null) =>
        new(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            SslOptions = { RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate?.GetCertHashString() == trusted.Thumbprint },
            ConnectCallback = source is null ? null : (context, cancellationToken) => ConnectFromAsync(source, context.DnsEndPoint, cancellationToken),
        })
        {
            BaseAddress = baseAddress,
            Timeout = TimeSpan.FromSeconds(60),
        };

    /// <summary>127.0.1.1, 127.0.1.2, ...</summary>
    public static IPAddress Source(int index) => new([127, 0, (byte)(1 + (index / 250)), (byte)(1 + (index % 250))]);

    private static async ValueTask<Stream> ConnectFromAsync(IPAddress source, DnsEndPoint server, CancellationToken cancellationToken)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            socket.Bind(new IPEndPoint(source, 0));
            await socket.ConnectAsync(server, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
