using System.Text.Json;
using ConnexIdP.Testing;
using Xunit.Abstractions;

namespace ConnexIdP.IntegrationTests.Transport;

/// <summary>
/// Debian's testssl.sh (package <c>testssl.sh</c>, installed by test.sh) scans the server: protocols, server defaults
/// (certificate, OCSP stapling) and HTTP headers, about 25 s here. Cipher suites and forward secrecy are checked one
/// suite at a time by <see cref="TlsHandshakeTests"/>; the vulnerability and client-simulation sections are left to the
/// full scan recorded in the README, since they take most of its minute and mostly exercise OpenSSL itself.
/// </summary>
[Collection(TransportServerCollection.Name)]
public sealed class TestSslScanTests(TransportServer fixture, ITestOutputHelper output)
{
    // A 24-hour certificate always "expires < 30 days" in testssl's terms (its thresholds assume 90-day certificates);
    // the server's own readiness check judges expiry against Tls:ExpiryMargin instead.
    private static readonly HashSet<string> ShortLivedCertificateFindings = ["cert_expirationStatus", "cert_notAfter"];

    [Fact]
    public async Task Testssl_reports_no_high_or_critical_finding()
    {
        var report = Path.Combine(Path.GetTempPath(), $"connexidp-testssl-{Guid.NewGuid():N}.json");
        try
        {
            var (exitCode, text) = await CommandRunner.RunAsync("testssl",
                ["--quiet", "--color", "0", "--warnings", "batch", "--ip", "127.0.0.1", "--add-ca", Path.Combine(fixture.Authority.CaDirectory, "ca.pem"),
                 "-p", "-S", "-h", "--jsonfile", report, $"https://localhost:{fixture.Server.BaseAddress.Port}"],
                timeout: TimeSpan.FromMinutes(3));
            Assert.True(File.Exists(report), $"testssl (exit {exitCode}) wrote no report; is Debian's testssl.sh installed?{Environment.NewLine}{text}");

            var findings = JsonDocument.Parse(await File.ReadAllTextAsync(report)).RootElement.EnumerateArray()
                .Select(f => (Id: f.GetProperty("id").GetString()!, Severity: f.GetProperty("severity").GetString()!, Finding: f.GetProperty("finding").GetString()!))
                .ToList();
            foreach (var group in findings.GroupBy(f => f.Severity))
            {
                output.WriteLine($"{group.Key}: {group.Count()}");
            }

            var serious = findings.Where(f => f.Severity is "HIGH" or "CRITICAL" && !ShortLivedCertificateFindings.Contains(f.Id)).ToList();
            Assert.True(serious.Count == 0, string.Join(Environment.NewLine, serious));
            Assert.Contains(findings, f => f is { Id: "OCSP_stapling", Finding: "offered" });
            Assert.Contains(findings, f => f is { Id: "HSTS_time" } && f.Finding.Contains("31536000", StringComparison.Ordinal));
            Assert.Contains(findings, f => f is { Id: "TLS1_1", Finding: "not offered" });
        }
        finally
        {
            File.Delete(report);
        }
    }
}
