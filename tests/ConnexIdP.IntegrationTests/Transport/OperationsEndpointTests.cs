using System.Net;
using System.Text.Json;
using ConnexIdP.Testing;

namespace ConnexIdP.IntegrationTests.Transport;

/// <summary>Health endpoints for orchestrators (the certificate's expiry among the readiness checks) and metrics for Prometheus.</summary>
public sealed class OperationsEndpointTests
{
    [Fact]
    public async Task Ready_and_live_when_the_database_answers_and_the_certificate_is_valid_and_metrics_are_served()
    {
        await using var authority = await TestCertificateAuthority.CreateAsync();
        await using var server = await TransportServer.StartOnAsync(authority, settings: new Dictionary<string, string> { ["Telemetry:Prometheus:Enabled"] = "true" });
        using var http = server.CreateClient();

        using var live = await http.GetAsync("health/live");
        var ready = await ReadinessAsync(http);
        using var token = await http.PostAsync("connect/token", new FormUrlEncodedContent([new("grant_type", "client_credentials"), new("client_id", "nobody"), new("client_secret", "wrong")]));
        var metrics = await MetricsAsync(http, "connexidp_");

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.Status);
        Assert.Equal("Healthy", ready.Check("database"));
        Assert.Equal("Healthy", ready.Check("certificate"));
        Assert.Contains("http_server_request_duration_seconds", metrics, StringComparison.Ordinal);
        Assert.Contains("kestrel_tls_handshake_duration_seconds", metrics, StringComparison.Ordinal);
        Assert.Contains("connexidp_", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Not_ready_and_warned_while_the_certificate_is_about_to_expire_and_ready_again_once_renewed()
    {
        await using var authority = await TestCertificateAuthority.CreateAsync();
        await using var server = await TransportServer.StartOnAsync(authority, hours: 1, settings: new Dictionary<string, string> { ["Tls:ExpiryMargin"] = "06:00:00" });
        using var http = server.CreateClient();

        var expiring = await ReadinessAsync(http);
        using var live = await http.GetAsync("health/live");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, expiring.Status);
        Assert.StartsWith("Unhealthy", expiring.Check("certificate"), StringComparison.Ordinal);
        Assert.Contains("ExpiringSoon", expiring.Description("certificate"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Contains("is ExpiringSoon", server.Output, StringComparison.Ordinal);

        await authority.IssueAsync(TransportServer.CertificateFolder(server));
        var renewed = expiring;
        for (var attempt = 0; attempt < 100 && renewed.Status != HttpStatusCode.OK; attempt++)
        {
            await Task.Delay(100);
            renewed = await ReadinessAsync(http);
        }

        Assert.Equal(HttpStatusCode.OK, renewed.Status);
    }

    [Fact]
    public async Task Not_ready_when_the_certificate_has_expired()
    {
        await using var authority = await TestCertificateAuthority.CreateAsync();
        await using var server = await TransportServer.StartOnAsync(authority, hours: 1, start: "2 days ago");
        using var http = server.CreateClient();

        var expired = await ReadinessAsync(http);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, expired.Status);
        Assert.Contains("Expired", expired.Description("certificate"), StringComparison.Ordinal);
        Assert.Contains("is Expired", server.Output, StringComparison.Ordinal);
    }

    private static async Task<Readiness> ReadinessAsync(HttpClient http)
    {
        using var response = await http.GetAsync("health/ready");
        return new Readiness(response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }

    // The exporter publishes a meter's series once something was recorded on it; the token refusal above records one.
    private static async Task<string> MetricsAsync(HttpClient http, string expected)
    {
        var text = string.Empty;
        for (var attempt = 0; attempt < 50 && !text.Contains(expected, StringComparison.Ordinal); attempt++)
        {
            await Task.Delay(100);
            text = await http.GetStringAsync("metrics");
        }

        return text;
    }

    private sealed record Readiness(HttpStatusCode Status, JsonElement Body)
    {
        public string Check(string name) => Body.GetProperty("checks").GetProperty(name).GetProperty("status").GetString()!;

        public string Description(string name) => Body.GetProperty("checks").GetProperty(name).GetProperty("description").GetString()!;
    }
}
