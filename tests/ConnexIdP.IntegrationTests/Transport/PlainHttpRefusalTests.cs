using System.Net;
using ConnexIdP.Testing;

namespace ConnexIdP.IntegrationTests.Transport;

/// <summary><c>Http:PlainHttp=Refuse</c>: not even a page is redirected; plain HTTP gets nothing but the refusal.</summary>
public sealed class PlainHttpRefusalTests
{
    [Fact]
    public async Task With_plain_http_refused_pages_are_not_redirected_either()
    {
        await using var authority = await TestCertificateAuthority.CreateAsync();
        await using var server = await TransportServer.StartOnAsync(authority, plainHttp: true, settings: new Dictionary<string, string> { ["Http:PlainHttp"] = "Refuse" });
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = server.PlainHttpAddress };

        using var page = await http.GetAsync("account/signin");

        Assert.Equal(HttpStatusCode.Forbidden, page.StatusCode);
        Assert.Null(page.Headers.Location);
    }
}
