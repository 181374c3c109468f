using System.Net;
using ConnexIdP.Core.Security;
using ConnexIdP.Core.Security.Blocks;
using ConnexIdP.Core.Security.Sources;
using ConnexIdP.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace ConnexIdP.IntegrationTests.Defence;

/// <summary>
/// A server behind a "proxy": it trusts loopback for <c>X-Forwarded-For</c>, so each request can come from the source
/// address the test names, as it would through a real reverse proxy. Signs in through the real sign-in form.
/// </summary>
internal sealed class SourceScene : IAsyncDisposable
{
    private readonly TestBrowser _browser = new();
    private readonly HttpClient _http;
    private Uri _action = null!;
    private List<KeyValuePair<string, string>> _fields = [];

    private SourceScene(ConnexServer server)
    {
        Server = server;
        _http = server.CreateClient(_browser.Cookies);
    }

    public ConnexServer Server { get; }

    public static async Task<SourceScene> StartAsync(
        IReadOnlyDictionary<string, string>? settings = null,
        FakeTimeProvider? clock = null,
        bool trustLoopback = true,
        TestDatabase database = TestDatabase.Sqlite)
    {
        var all = new Dictionary<string, string>();
        if (trustLoopback)
        {
            all["SignInDefence:TrustedProxies:0"] = "127.0.0.1";
            all["SignInDefence:TrustedProxies:1"] = "::1";
        }

        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            all[key] = value;
        }

        var scene = new SourceScene(await ConnexServer.StartAsync(database, clock, all));
        await scene._browser.GetAsync(new Uri(scene.Server.BaseAddress, "account/signin"));
        (scene._action, scene._fields) = scene._browser.ReadForm();
        return scene;
    }

    /// <summary>Posts the sign-in form as if from <paramref name="source"/>.</summary>
    public async Task<HttpResponseMessage> SignInAsync(string source, string email, string password)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _action)
        {
            Content = new FormUrlEncodedContent([.. _fields, new("Email", email), new("Password", password)]),
        };
        request.Headers.Add("X-Forwarded-For", source);
        return await _http.SendAsync(request);
    }

    public async Task<HttpResponseMessage> GetAsync(string source, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("X-Forwarded-For", source);
        return await _http.SendAsync(request);
    }

    public Task<SourceBlock> BlockAsync(string network, TimeSpan duration) =>
        Server.WithServiceAsync(services => services.GetRequiredService<SourceBlockStore>()
            .PlaceAsync(Parse(network), "test", "test", duration, CancellationToken.None));

    public Task<IReadOnlyList<SourceBlock>> BlocksAsync() =>
        Server.WithServiceAsync(services => services.GetRequiredService<SourceBlockStore>().ListAsync(includeEnded: true, CancellationToken.None));

    /// <summary>The security events about <paramref name="source"/>, newest first.</summary>
    public async Task<IReadOnlyList<SecurityEvent>> EventsAsync(string source) =>
        (await Server.WithServiceAsync(services => services.GetRequiredService<SecurityEventReader>()
            .QueryAsync(new SecurityEventQuery { Source = source }, CancellationToken.None))).Events;

    public static IPNetwork Parse(string network) =>
        SourceNetworks.TryParse(network, out var parsed, out var error) ? parsed.Value : throw new ArgumentException(error);

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        _browser.Dispose();
        await Server.DisposeAsync();
    }
}
