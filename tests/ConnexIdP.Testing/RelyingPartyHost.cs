using ConnexIdP.Samples.RelyingParty;
using Microsoft.AspNetCore.Builder;

namespace ConnexIdP.Testing;

/// <summary>The sample relying party (Microsoft's OpenID Connect handler) running on its own HTTPS port.</summary>
public sealed class RelyingPartyHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private RelyingPartyHost(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public Uri RedirectUri => new(BaseAddress, "signin-oidc");

    public Uri PostLogoutRedirectUri => new(BaseAddress, "signout-callback-oidc");

    public static int ReservePort() => FreePort.Next();

    public static async Task<RelyingPartyHost> StartAsync(int port, Uri authority, string clientId, string? clientSecret, IReadOnlyList<string>? scopes = null, string? acrValues = null)
    {
        var settings = new RelyingPartySettings
        {
            Authority = authority,
            ClientId = clientId,
            ClientSecret = clientSecret,
            Scopes = scopes ?? ["openid", "profile", "email", "offline_access"],
            AcrValues = acrValues,
            BackchannelHandler = TestTls.TrustingHandler(),
        };

        var app = RelyingPartyApp.Build(settings,
        [
            $"--urls=https://localhost:{port}",
            "--Logging:LogLevel:Default=Warning",
            $"--Kestrel:Certificates:Default:Path={TestTls.PemPath}",
            $"--Kestrel:Certificates:Default:KeyPath={TestTls.PemPath}",
        ]);
        await app.StartAsync();
        return new RelyingPartyHost(app, new Uri($"https://localhost:{port}/"));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
