using System.Diagnostics.Metrics;
using System.Net;
using System.Text.Json;
using ConnexIdP.Core.Security;
using ConnexIdP.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace ConnexIdP.IntegrationTests.Security;

/// <summary>The central security event store: rows queried by filters in SQL on each provider, and the JSON-lines stream.</summary>
public sealed class SecurityEventStoreTests
{
    [Theory]
    [InlineData(TestDatabase.Sqlite)]
    [InlineData(TestDatabase.PostgreSql)]
    public async Task Events_are_found_by_time_type_account_source_and_severity_page_by_page(TestDatabase database)
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
        await using var server = await ConnexServer.StartAsync(database, clock);
        var log = server.Services.GetRequiredService<SecurityEventLog>();
        var attacker = new SecurityEventContext(IPAddress.Parse("203.0.113.9"), "curl/8", "trace-1");
        var owner = new SecurityEventContext(IPAddress.Parse("198.51.100.7"), "Firefox", "trace-2");

        await log.RecordAsync(SecurityEventTypes.SignInFailed, SecuritySeverity.Low, SecurityOutcome.Failure, attacker, CancellationToken.None, accountId: "a1");
        clock.Advance(TimeSpan.FromMinutes(1));
        var start = clock.GetUtcNow();
        await log.RecordAsync(SecurityEventTypes.SignInFailed, SecuritySeverity.Low, SecurityOutcome.Failure, attacker, CancellationToken.None, accountId: "a1");
        clock.Advance(TimeSpan.FromMinutes(1));
        await log.RecordAsync(SecurityEventTypes.AccountLocked, SecuritySeverity.Medium, SecurityOutcome.Refused, attacker, CancellationToken.None, accountId: "a1", details: "30 min");
        clock.Advance(TimeSpan.FromMinutes(1));
        await log.RecordAsync(SecurityEventTypes.SignInSucceeded, SecuritySeverity.Info, SecurityOutcome.Success, owner, CancellationToken.None, accountId: "a2");

        var page = await QueryAsync(server, new SecurityEventQuery { From = start, To = start.AddMinutes(2) });
        Assert.Equal([SecurityEventTypes.AccountLocked, SecurityEventTypes.SignInFailed], page.Events.Select(e => e.Type));

        Assert.Single((await QueryAsync(server, new SecurityEventQuery { Type = SecurityEventTypes.AccountLocked })).Events);
        Assert.Equal(3, (await QueryAsync(server, new SecurityEventQuery { AccountId = "a1" })).Events.Count);
        Assert.Equal("a2", Assert.Single((await QueryAsync(server, new SecurityEventQuery { Source = "198.51.100.7" })).Events).AccountId);
        var serious = Assert.Single((await QueryAsync(server, new SecurityEventQuery { MinimumSeverity = SecuritySeverity.Medium })).Events);
        Assert.Equal(("203.0.113.9", "curl/8", "trace-1", "30 min"), (serious.Source, serious.UserAgent, serious.CorrelationId, serious.Details));
        Assert.Equal(start.AddMinutes(1), serious.OccurredAt);

        var first = await QueryAsync(server, new SecurityEventQuery { Limit = 3 });
        Assert.Equal(3, first.Events.Count);
        var second = await QueryAsync(server, new SecurityEventQuery { Limit = 3, Before = first.NextBefore });
        Assert.Null(second.NextBefore);
        Assert.Equal(4, first.Events.Concat(second.Events).Select(e => e.Id).Distinct().Count());
    }

    [Fact]
    public async Task Each_event_is_one_json_line_on_the_configured_stream_with_the_user_agent_truncated()
    {
        var file = Path.Combine(Path.GetTempPath(), $"connexidp-events-{Guid.NewGuid():N}.jsonl");
        try
        {
            await using var server = await ConnexServer.StartAsync(settings: new Dictionary<string, string> { ["Security:Events:Stream"] = file });
            var log = server.Services.GetRequiredService<SecurityEventLog>();
            var context = new SecurityEventContext(IPAddress.Loopback, "agent\n{\"forged\":1}" + new string('x', 1000), null);

            await log.RecordAsync(SecurityEventTypes.SignInFailed, SecuritySeverity.Low, SecurityOutcome.Failure, context, CancellationToken.None, accountId: "a1");
            await log.RecordAsync(SecurityEventTypes.SignInSucceeded, SecuritySeverity.Info, SecurityOutcome.Success, context, CancellationToken.None, accountId: "a1");

            var lines = await File.ReadAllLinesAsync(file);
            Assert.Equal(2, lines.Length);
            using var json = JsonDocument.Parse(lines[0]);
            Assert.Equal(SecurityEventTypes.SignInFailed, json.RootElement.GetProperty("type").GetString());
            Assert.Equal("low", json.RootElement.GetProperty("severity").GetString());
            Assert.Equal(SecurityEvent.UserAgentMaxLength, json.RootElement.GetProperty("userAgent").GetString()!.Length);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Each_event_counts_on_the_security_meter_by_type_and_on_its_own_counter()
    {
        await using var server = await ConnexServer.StartAsync();
        var metrics = server.Services.GetRequiredService<SecurityMetrics>();
        var measured = new List<(string Instrument, long Value, string? Type)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (ReferenceEquals(instrument.Meter, metrics.Meter))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            string? type = null;
            foreach (var tag in tags)
            {
                type = tag.Key == "type" ? tag.Value as string : type;
            }

            lock (measured)
            {
                measured.Add((instrument.Name, value, type));
            }
        });
        listener.Start();

        var log = server.Services.GetRequiredService<SecurityEventLog>();
        await log.RecordAsync(SecurityEventTypes.SignInFailed, SecuritySeverity.Low, SecurityOutcome.Failure, SecurityEventContext.None, CancellationToken.None);
        await log.RecordAsync(SecurityEventTypes.SignInFailed, SecuritySeverity.Low, SecurityOutcome.Failure, SecurityEventContext.None, CancellationToken.None);
        await log.RecordAsync(SecurityEventTypes.AccountLocked, SecuritySeverity.Medium, SecurityOutcome.Refused, SecurityEventContext.None, CancellationToken.None);

        Assert.Equal(SecurityMetrics.MeterName, metrics.Meter.Name);
        Assert.Equal(2, measured.Count(m => m.Instrument == "connexidp.signin.failures"));
        Assert.Single(measured, m => m.Instrument == "connexidp.signin.lockouts");
        Assert.Equal(2, measured.Count(m => m.Instrument == "connexidp.security.events" && m.Type == SecurityEventTypes.SignInFailed));
    }

    private static Task<SecurityEventPage> QueryAsync(ConnexServer server, SecurityEventQuery query) =>
        server.WithServiceAsync(services => services.GetRequiredService<SecurityEventReader>().QueryAsync(query, CancellationToken.None));
}
