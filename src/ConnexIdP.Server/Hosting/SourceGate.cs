using System.Collections.Concurrent;
using System.Net;
using ConnexIdP.Core.Security;
using ConnexIdP.Core.Security.Blocks;
using ConnexIdP.Core.Security.Detection;
using Microsoft.Extensions.Options;

namespace ConnexIdP.Server.Hosting;

/// <summary>
/// The first middleware after the client address is resolved: refuses a blocked source with 403 and a plain body before
/// any endpoint does work (no form is read, nothing is hashed, no token is checked), and answers scanner paths with 404
/// after reporting them to the detection rules. A blocked source's refusals are logged and recorded as a security event
/// at most once per <see cref="SourceDefenceOptions.RefusalLogInterval"/>, with the number refused since, so a flood
/// does not flood the log or the event store.
/// </summary>
internal sealed partial class SourceGate(
    RequestDelegate next,
    SourceBlockList blocks,
    SourceDefence defence,
    SecurityEventLog events,
    IOptions<SourceDefenceOptions> options,
    TimeProvider clock,
    ILogger<SourceGate> logger)
{
    public const string BlockedMessage = "Requests from your network are blocked for a while. If you think this is a mistake, contact the administrator of this service.";

    // Bounded by the blocks in force; cleared wholesale if an unusual number of networks piles up.
    private const int MaxTallies = 10_000;
    private readonly ConcurrentDictionary<IPNetwork, RefusalTally> _refusals = new();

    public async Task InvokeAsync(HttpContext context)
    {
        if (context.Connection.RemoteIpAddress is not { } address)
        {
            await next(context);
            return;
        }

        if (blocks.Find(address) is { } block)
        {
            await NoteRefusalAsync(context, block);
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            context.Response.Headers.CacheControl = "no-store";
            context.Response.ContentType = "text/plain; charset=utf-8";
            await context.Response.WriteAsync(BlockedMessage, context.RequestAborted);
            return;
        }

        if (ScannerPaths.IsScannerPath(context.Request.Path.Value, out var probe))
        {
            await defence.ObserveAsync(new SourceObservation(ObservationKind.ScannerProbe, address,
                Detail: $"scanner path /{probe}", Request: SecurityEventRequest.Describe(context)), context.RequestAborted);
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            context.Response.Headers.CacheControl = "no-store";
            return;
        }

        await next(context);
    }

    private async Task NoteRefusalAsync(HttpContext context, ActiveBlock block)
    {
        if (_refusals.Count > MaxTallies)
        {
            _refusals.Clear();
        }

        var tally = _refusals.GetOrAdd(block.Network, static _ => new RefusalTally());
        var now = clock.GetUtcNow();
        int suppressed;
        lock (tally)
        {
            if (now < tally.NextLogAt)
            {
                tally.Suppressed++;
                return;
            }

            suppressed = tally.Suppressed;
            tally.Suppressed = 0;
            tally.NextLogAt = now + options.Value.RefusalLogInterval;
        }

        LogRefused(logger, block.Network.ToString(), block.ExpiresAt, suppressed);
        await events.RecordAsync(SecurityEventTypes.SourceRefused, SecuritySeverity.Low, SecurityOutcome.Refused, SecurityEventRequest.Describe(context),
            context.RequestAborted, details: string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"blocked by {block.Network} until {block.ExpiresAt.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}; {suppressed} more refused since the last report"));
    }

    [LoggerMessage(EventId = 4010, Level = LogLevel.Information, Message = "Request from blocked source {Network} refused (blocked until {ExpiresAt:O}; {Suppressed} more refused since the last report)")]
    private static partial void LogRefused(ILogger logger, string network, DateTimeOffset expiresAt, int suppressed);

    private sealed class RefusalTally
    {
        public DateTimeOffset NextLogAt { get; set; }

        public int Suppressed { get; set; }
    }
}
