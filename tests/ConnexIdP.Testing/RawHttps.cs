using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;

namespace ConnexIdP.Testing;

/// <summary>
/// Sends bytes that HttpClient refuses to produce (a broken Host header, raw invalid UTF-8) over TLS to a server and
/// reads back the status line and body of its answer.
/// </summary>
public static class RawHttps
{
    public static async Task<(HttpStatusCode Status, string Response)> SendAsync(Uri server, byte[] request)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(server.Host, server.Port);
        await using var tls = new SslStream(tcp.GetStream(), leaveInnerStreamOpen: false,
            (_, certificate, _, _) => certificate is not null && certificate.GetCertHashString() == TestTls.Certificate.GetCertHashString());
        await tls.AuthenticateAsClientAsync(server.Host);
        await tls.WriteAsync(request);
        await tls.FlushAsync();

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        try
        {
            int read;
            while ((read = await tls.ReadAsync(chunk, timeout.Token)) > 0)
            {
                buffer.Write(chunk, 0, read);
            }
        }
        catch (IOException)
        {
            // The server may reset the connection after answering a bad request; what arrived is the answer.
        }

        var text = Encoding.UTF8.GetString(buffer.ToArray());
        var statusLine = text.Split("\r\n", 2)[0].Split(' ');
        var status = statusLine.Length > 1 && int.TryParse(statusLine[1], out var code) ? (HttpStatusCode)code : 0;
        return (status, text);
    }

    /// <summary>An HTTP/1.1 request with <c>Connection: close</c>; <paramref name="headers"/> are sent as given, then the body.</summary>
    public static byte[] Request(string method, string target, string headers, byte[]? body = null)
    {
        var head = $"{method} {target} HTTP/1.1\r\n{headers}" + (body is null ? string.Empty : $"Content-Length: {body.Length}\r\n") + "Connection: close\r\n\r\n";
        return [.. Encoding.Latin1.GetBytes(head), .. body ?? []];
    }
}
