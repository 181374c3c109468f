using ConnexIdP.Core.Clients;
using ConnexIdP.Testing;

namespace ConnexIdP.IntegrationTests.Transport;

/// <summary>
/// One server process on a certificate from a test CA (made by certs/make-ca.sh and make-leaf.sh) whose OCSP responder
/// runs beside it, listening on HTTPS and on plain HTTP, with one account to sign in with and one machine client.
/// </summary>
public sealed class TransportServer : IAsyncLifetime
{
    public const string Email = "transport@example.com";
    public const string Password = "correct horse battery staple";

    public TestCertificateAuthority Authority { get; private set; } = null!;

    public ServerProcess Server { get; private set; } = null!;

    /// <summary>Secret of the confidential client <c>worker</c> (client credentials grant).</summary>
    public string WorkerSecret { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Authority = await TestCertificateAuthority.CreateAsync();
        Authority.StartOcspResponder();
        Server = await StartOnAsync(Authority, plainHttp: true);
        await Server.CreateAccountAsync(Email, Password);
        var worker = await Server.RegisterClientAsync(new ClientRegistration
        {
            ClientId = "worker",
            Grants = ["client_credentials"],
            Credential = ClientCredentialSource.GenerateSecret,
        });
        WorkerSecret = worker.GeneratedSecret!;
    }

    /// <summary>A server process whose certificate files, issued by <paramref name="authority"/>, live in a folder of their own.</summary>
    public static async Task<ServerProcess> StartOnAsync(TestCertificateAuthority authority, bool plainHttp = false, int hours = 24, string? start = null,
        IReadOnlyDictionary<string, string>? settings = null)
    {
        var folder = authority.NewCertificateFolder();
        await authority.IssueAsync(folder, hours: hours, start: start);
        var all = new Dictionary<string, string>(settings ?? new Dictionary<string, string>())
        {
            ["Tls:CertificatePath"] = Path.Combine(folder, "tls.pem"),
            ["Tls:KeyPath"] = Path.Combine(folder, "tls.key"),
            ["Tls:ReloadInterval"] = "00:00:02",
            ["Logging:LogLevel:ConnexIdP.Server.Hosting"] = "Information",
        };
        var server = ServerProcess.Create(all, authority.TrustingHandler, plainHttp);
        await server.StartAsync();
        return server;
    }

    /// <summary>Where the certificate files of a server started by <see cref="StartOnAsync"/> are, for a renewal to replace them.</summary>
    public static string CertificateFolder(ServerProcess server) => Path.GetDirectoryName(server.Setting("Tls:CertificatePath"))!;

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        await Authority.DisposeAsync();
    }
}
