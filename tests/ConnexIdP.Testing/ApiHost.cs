using ConnexIdP.Samples.Api;
using Microsoft.AspNetCore.Builder;

namespace ConnexIdP.Testing;

/// <summary>The sample API (JWT bearer for one audience and one scope) running on its own HTTPS port.</summary>
public sealed class ApiHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ApiHost(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public Uri DataUri => new(BaseAddress, "data");

    public static async Task<ApiHost> StartAsync(Uri authority, string audience, string requiredScope)
    {
        var port = FreePort.Next();
        var app = ApiApp.Build(authority, audience, requiredScope, TestTls.TrustingHandler(),
        [
            $"--urls=https://localhost:{port}",
            "--Logging:LogLevel:Default=Warning",
            $"--Kestrel:Certificates:Default:Path={TestTls.PemPath}",
            $"--Kestrel:Certificates:Default:KeyPath={TestTls.PemPath}",
        ]);
        await app.StartAsync();
        return new ApiHost(app, new Uri($"https://localhost:{port}/"));
    }

    /// <summary>Calls <c>GET /data</c> with <paramref name="accessToken"/> as a bearer token.</summary>
    public async Task<HttpResponseMessage> GetDataAsync(string accessToken)
    {
        using var http = new HttpClient(TestTls.TrustingHandler());
        using var request = new HttpRequestMessage(HttpMethod.Get, DataUri);
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", accessToken);
        return await http.SendAsync(request);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
