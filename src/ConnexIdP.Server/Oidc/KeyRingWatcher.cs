using ConnexIdP.Core.Keys;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using OpenIddict.Server;

namespace ConnexIdP.Server.Oidc;

/// <summary>
/// Tells the token server to reload its keys when the key files change (another process or the CLI rotated them)
/// or when a key changes state (an announced key starts signing, a replaced one retires) — no restart needed.
/// Also runs the scheduled rotation when <c>Keys:Rotation:Enabled</c> is set.
/// </summary>
internal sealed partial class KeyRingWatcher(SigningKeyRing ring, TimeProvider clock, ILogger<KeyRingWatcher> logger)
    : BackgroundService, IOptionsChangeTokenSource<OpenIddictServerOptions>
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(10);
    private readonly Lock _gate = new();
    private CancellationTokenSource _change = new();
    private string _fingerprint = string.Empty;

    public string Name => Options.DefaultName;

    public IChangeToken GetChangeToken() => new CancellationChangeToken(_change.Token);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        lock (_gate)
        {
            _fingerprint = Fingerprint();
        }

        try
        {
            // One check per interval after the previous one, however far the clock jumps (a suspended VM, a test clock).
            while (true)
            {
                await Task.Delay(PollInterval, clock, stoppingToken);
                Check();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    internal void Check()
    {
        lock (_gate)
        {
            CheckLocked();
        }
    }

    private void CheckLocked()
    {
        try
        {
            ring.RotateIfDue();
            var fingerprint = Fingerprint();
            if (fingerprint != _fingerprint)
            {
                _fingerprint = fingerprint;
                LogReloaded(logger);
                var previous = Interlocked.Exchange(ref _change, new CancellationTokenSource());
                previous.Cancel();
                previous.Dispose();
            }
        }
        catch (Exception exception) when (exception is IOException or InvalidOperationException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
        {
            LogFailed(logger, exception);
        }
    }

    // Files and the state of every key: a change of either means the server's key set must be rebuilt.
    private string Fingerprint() =>
        string.Join('|', ring.List().Select(k => $"{k.KeyId}:{k.State}"));

    [LoggerMessage(EventId = 2101, Level = LogLevel.Information, Message = "Token keys changed on disk or in state; reloading them")]
    private static partial void LogReloaded(ILogger logger);

    [LoggerMessage(EventId = 2102, Level = LogLevel.Error, Message = "Could not check the token key ring; the current keys stay in use")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
