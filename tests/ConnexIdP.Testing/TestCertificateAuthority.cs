using System.Diagnostics;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace ConnexIdP.Testing;

/// <summary>
/// A certificate authority made by the repository's own <c>certs/make-ca.sh</c> in a temporary folder, issuing server
/// certificates with <c>certs/make-leaf.sh</c> and answering OCSP through <c>openssl ocsp</c> on a free port: the same
/// tools an operator uses, so the tests prove the scripts too.
/// </summary>
public sealed class TestCertificateAuthority : IAsyncDisposable
{
    private readonly string _directory;
    private Process? _responder;

    private TestCertificateAuthority(string directory, X509Certificate2 root, int ocspPort)
    {
        _directory = directory;
        Root = root;
        OcspPort = ocspPort;
    }

    public X509Certificate2 Root { get; }

    public int OcspPort { get; }

    public string CaDirectory => Path.Combine(_directory, "ca");

    public static async Task<TestCertificateAuthority> CreateAsync()
    {
        var directory = Directory.CreateTempSubdirectory("connexidp-ca-").FullName;
        await ScriptAsync("make-ca.sh", "--dir", Path.Combine(directory, "ca"), "--name", "ConnexIdP Test CA");
        var root = X509CertificateLoader.LoadCertificateFromFile(Path.Combine(directory, "ca", "ca.pem"));
        return new TestCertificateAuthority(directory, root, FreePort.Next());
    }

    /// <summary>A new folder for certificate files, removed with this authority.</summary>
    public string NewCertificateFolder() => Directory.CreateDirectory(Path.Combine(_directory, $"server-{Guid.NewGuid():N}")).FullName;

    /// <summary>
    /// Issues a certificate for localhost and 127.0.0.1 into <paramref name="folder"/> (tls.pem with the CA, tls.key),
    /// replacing what is there the way a renewal does; returns its serial number.
    /// </summary>
    public async Task<string> IssueAsync(string folder, string key = "ec", int hours = 24, string? start = null)
    {
        string[] arguments = ["--ca", CaDirectory, "--out", folder, "--san", "DNS:localhost,IP:127.0.0.1", "--key", key,
            "--hours", hours.ToString(System.Globalization.CultureInfo.InvariantCulture), "--ocsp-url", $"http://127.0.0.1:{OcspPort}"];
        await ScriptAsync("make-leaf.sh", start is null ? arguments : [.. arguments, "--start", start]);
        return X509CertificateLoader.LoadCertificateFromFile(Path.Combine(folder, "tls.pem")).SerialNumber;
    }

    /// <summary>Starts <c>openssl ocsp</c> for this CA on <see cref="OcspPort"/>, answering from the CA's index of issued certificates.</summary>
    public void StartOcspResponder()
    {
        var start = CommandRunner.StartInfo("openssl", ["ocsp", "-index", Path.Combine(CaDirectory, "index.txt"), "-port", OcspPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-rsigner", Path.Combine(CaDirectory, "ca.pem"), "-rkey", Path.Combine(CaDirectory, "ca.key"), "-CA", Path.Combine(CaDirectory, "ca.pem"), "-nmin", "60"]);
        _responder = Process.Start(start) ?? throw new InvalidOperationException("openssl ocsp did not start.");
        _responder.OutputDataReceived += (_, _) => { };
        _responder.ErrorDataReceived += (_, _) => { };
        _responder.BeginOutputReadLine();
        _responder.BeginErrorReadLine();
    }

    /// <summary>Trusts server certificates this CA issued (validity dates aside, so a test can reach a server whose certificate expired).</summary>
    public HttpClientHandler TrustingHandler() => new()
    {
        AllowAutoRedirect = false,
        UseCookies = false,
        ServerCertificateCustomValidationCallback = (_, certificate, _, _) => certificate is not null && IssuedHere(certificate),
    };

    public bool IssuedHere(X509Certificate2 certificate)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(Root);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationFlags = X509VerificationFlags.IgnoreNotTimeValid;
        return chain.Build(certificate);
    }

    /// <summary>The serial number of the certificate a new TLS connection to <paramref name="server"/> is given.</summary>
    public async Task<string> PresentedSerialAsync(Uri server)
    {
        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync(server.Host, server.Port);
        await using var tls = new SslStream(tcp.GetStream(), false, (_, certificate, _, _) => certificate is X509Certificate2 c && IssuedHere(c));
        await tls.AuthenticateAsClientAsync(server.Host);
        return ((X509Certificate2)tls.RemoteCertificate!).SerialNumber;
    }

    public async ValueTask DisposeAsync()
    {
        if (_responder is { } responder)
        {
            responder.Kill();
            await responder.WaitForExitAsync();
            responder.Dispose();
        }

        Root.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // Cleaned by the OS with the rest of the temporary folder.
        }
    }

    private static async Task ScriptAsync(string script, params string[] arguments)
    {
        var (exitCode, output) = await CommandRunner.RunAsync("bash", [Path.Combine(CommandRunner.RepositoryRoot, "certs", script), .. arguments]);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"certs/{script} failed ({exitCode}):{Environment.NewLine}{output}");
        }
    }
}
