using System.Text.RegularExpressions;
using ConnexIdP.Testing;

namespace ConnexIdP.IntegrationTests.Transport;

/// <summary><c>openssl s_client</c> against a server on 127.0.0.1: a handshake as a client other than .NET makes it.</summary>
internal static partial class OpenSslClient
{
    /// <summary>Handshakes and disconnects; the negotiated cipher (null when the handshake failed) and the whole output.</summary>
    public static async Task<(string? Cipher, string Output)> HandshakeAsync(Uri server, params string[] options)
    {
        var (_, output) = await CommandRunner.RunAsync("openssl",
            ["s_client", "-connect", $"127.0.0.1:{server.Port}", "-servername", "localhost", .. options], timeout: TimeSpan.FromSeconds(20));
        var cipher = CipherLine().Match(output) is { Success: true } match && match.Groups["cipher"].Value != "(NONE)" ? match.Groups["cipher"].Value : null;
        return (cipher, output);
    }

    /// <summary>Every TLS 1.2 cipher suite this OpenSSL knows, weak and export ones included (security level 0).</summary>
    public static async Task<IReadOnlyList<string>> AllTls12CiphersAsync()
    {
        var (_, output) = await CommandRunner.RunAsync("openssl", ["ciphers", "-tls1_2", "ALL:COMPLEMENTOFALL:@SECLEVEL=0"]);
        return output.Trim().Split(':', StringSplitOptions.RemoveEmptyEntries);
    }

    [GeneratedRegex(@"Cipher is (?<cipher>\S+)")]
    private static partial Regex CipherLine();
}
