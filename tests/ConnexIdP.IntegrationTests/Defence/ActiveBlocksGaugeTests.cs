using System.Diagnostics.Metrics;
using ConnexIdP.Core.Security;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace ConnexIdP.IntegrationTests.Defence;

/// <summary>The <c>ConnexIdP.Security</c> meter's active-blocks gauge follows the blocks the server enforces.</summary>
public sealed class ActiveBlocksGaugeTests
{
    [Fact]
    public async Task The_active_blocks_gauge_counts_blocks_in_force_and_drops_them_when_they_end()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero));
        await using var scene = await SourceScene.StartAsync(clock: clock);
        var meter = scene.Server.Services.GetRequiredService<SecurityMetrics>().Meter;
        int? measured = null;
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (ReferenceEquals(instrument.Meter, meter) && instrument.Name == "connexidp.source_blocks.active")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<int>((_, value, _, _) => measured = value);
        listener.Start();

        int? Read()
        {
            measured = null;
            listener.RecordObservableInstruments();
            return measured;
        }

        Assert.Equal(0, Read());
        await scene.BlockAsync("203.0.113.0/24", TimeSpan.FromMinutes(10));
        await scene.BlockAsync("2001:db8::/64", TimeSpan.FromHours(1));
        Assert.Equal(2, Read());

        clock.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(1, Read());
    }
}
