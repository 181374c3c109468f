using ConnexIdP.Core.Clients;
using Microsoft.Extensions.Time.Testing;

namespace ConnexIdP.Testing;

/// <summary>
/// A server with two API scopes, <c>api1</c> and <c>api2</c> (each issued for the audience of the same name), and one
/// machine client, <c>worker</c>, allowed the client credentials grant for <c>api1</c> only.
/// </summary>
public sealed class MachineClientScenario : IAsyncDisposable
{
    public const string ClientId = "worker";

    private MachineClientScenario(ConnexServer server, string secret)
    {
        Server = server;
        Secret = secret;
    }

    public ConnexServer Server { get; }

    public string Secret { get; }

    public static async Task<MachineClientScenario> StartAsync(
        TestDatabase database = TestDatabase.Sqlite,
        FakeTimeProvider? clock = null,
        IReadOnlyDictionary<string, string>? settings = null)
    {
        var server = await ConnexServer.StartAsync(database, clock, settings);
        try
        {
            await server.RegisterScopeAsync("api1", "api1");
            await server.RegisterScopeAsync("api2", "api2");
            var registered = await server.RegisterClientAsync(new ClientRegistration
            {
                ClientId = ClientId,
                Grants = ["client_credentials"],
                Scopes = ["api1"],
                Credential = ClientCredentialSource.GenerateSecret,
            });
            return new MachineClientScenario(server, registered.GeneratedSecret!);
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>The worker's back channel, authenticating with its secret as <paramref name="authentication"/> says.</summary>
    public OAuthClient Client(ClientAuthentication authentication = ClientAuthentication.SecretBasic) => new(Server, ClientId, Secret, authentication);

    public ValueTask DisposeAsync() => Server.DisposeAsync();
}
