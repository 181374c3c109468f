using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using ConnexIdP.Testing;
using Xunit.Abstractions;

namespace ConnexIdP.IntegrationTests.Transport;

/// <summary>Certificates replaced on disk (a renewal) are served to new connections without a restart or a failed request.</summary>
[Collection(CertificateRenewalCollection.Name)]
public sealed class CertificateRenewalTests(ITestOutputHelper output)
{
    private static readonly TimeSpan PickUpWithin = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_renewed_certificate_is_served_within_seconds_while_a_load_of_requests_keeps_succeeding()
    {
        await using var authority = await TestCertificateAuthority.CreateAsync();
        await using var server = await TransportServer.StartOnAsync(authority);
        var first = await authority.PresentedSerialAsync(server.BaseAddress);

        using var stop = new CancellationTokenSource();
        var failures = new ConcurrentQueue<string>();
        var succeeded = 0;
        using var kept = server.CreateClient();
        async Task Load(bool newConnections)
        {
            while (!stop.IsCancellationRequested)
            {
                using var fresh = newConnections ? server.CreateClient() : null;
                try
                {
                    using var response = await (fresh ?? kept).GetAsync(".well-known/openid-configuration");
                    if (response.StatusCode == HttpStatusCode.OK)
                    {
                        Interlocked.Increment(ref succeeded);
                    }
                    else
                    {
                        failures.Enqueue($"{(int)response.StatusCode}");
                    }
                }
                catch (HttpRequestException exception)
                {
                    failures.Enqueue(exception.Message);
                }
            }
        }

        // Two workers on kept-alive connections (in flight across the switch), two opening a connection per request.
        var load = new[] { Load(false), Load(false), Load(true), Load(true) };
        await Task.Delay(TimeSpan.FromSeconds(1));
        var renewed = await authority.IssueAsync(TransportServer.CertificateFolder(server), key: "rsa");
        var waited = Stopwatch.StartNew();
        while (await authority.PresentedSerialAsync(server.BaseAddress) != renewed && waited.Elapsed < PickUpWithin)
        {
            await Task.Delay(50);
        }

        var pickedUpAfter = waited.Elapsed;
        await Task.Delay(TimeSpan.FromSeconds(1));
        await stop.CancelAsync();
        await Task.WhenAll(load);

        output.WriteLine($"new certificate served after {pickedUpAfter.TotalMilliseconds:F0} ms; {succeeded} requests succeeded, {failures.Count} failed");
        Assert.NotEqual(first, renewed);
        Assert.Equal(renewed, await authority.PresentedSerialAsync(server.BaseAddress));
        Assert.True(pickedUpAfter < PickUpWithin, $"still the old certificate after {pickedUpAfter}");
        Assert.Empty(failures);
        Assert.True(succeeded > 50, $"only {succeeded} requests");
    }

    [Fact]
    public async Task A_certificate_whose_key_has_not_been_replaced_yet_is_not_used_until_the_pair_matches()
    {
        await using var authority = await TestCertificateAuthority.CreateAsync();
        await using var server = await TransportServer.StartOnAsync(authority);
        var folder = TransportServer.CertificateFolder(server);
        var first = await authority.PresentedSerialAsync(server.BaseAddress);
        var staging = authority.NewCertificateFolder();
        var renewed = await authority.IssueAsync(staging);

        File.Copy(Path.Combine(staging, "tls.pem"), Path.Combine(folder, "tls.pem"), overwrite: true);
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.Equal(first, await authority.PresentedSerialAsync(server.BaseAddress));
        Assert.Contains("could not be loaded", server.Output, StringComparison.Ordinal);

        File.Copy(Path.Combine(staging, "tls.key"), Path.Combine(folder, "tls.key"), overwrite: true);
        var waited = Stopwatch.StartNew();
        while (await authority.PresentedSerialAsync(server.BaseAddress) != renewed && waited.Elapsed < PickUpWithin)
        {
            await Task.Delay(50);
        }

        Assert.Equal(renewed, await authority.PresentedSerialAsync(server.BaseAddress));
    }
}
