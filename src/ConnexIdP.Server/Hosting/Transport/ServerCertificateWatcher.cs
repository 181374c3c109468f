using ConnexIdP.Core.Certificates;
using Microsoft.Extensions.Options;

namespace ConnexIdP.Server.Hosting.Transport;

/// <summary>
/// Reloads the server certificate when its files change (an ACME client or the internal CA renewing it): on a file-system
/// notification, and every <see cref="TlsOptions.ReloadInterval"/> in case a notification is lost (network and container
/// mounts often send none). Warns while the certificate in use has expired or is within <see cref="TlsOptions.ExpiryMargin"/> of it.
/// </summary>
internal sealed partial class ServerCertificateWatcher(
    ServerCertificateStore store, IOptions<TlsOptions> options, TimeProvider clock, ILogger<ServerCertificateWatcher> logger) : BackgroundService
{
    // Renewal writes the key and then the certificate; waiting a moment after the first notification reads both at once.
    private static readonly TimeSpan Settle = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan WarningRepeat = TimeSpan.FromHours(1);

    private readonly SemaphoreSlim _changed = new(0, 1);
    private DateTimeOffset _lastWarning = DateTimeOffset.MinValue;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (store.Files is not { } files)
        {
            return;
        }

        using var watchers = new WatcherSet(files, Signal);
        var interval = options.Value.ReloadInterval;
        WarnIfExpiring();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                var changed = _changed.WaitAsync(wait.Token);
                var first = await Task.WhenAny(changed, Task.Delay(interval, clock, wait.Token));
                await wait.CancelAsync();
                if (first == changed && !stoppingToken.IsCancellationRequested)
                {
                    await Task.Delay(Settle, clock, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }

            store.Reload();
            WarnIfExpiring();
        }
    }

    private void Signal()
    {
        try
        {
            _changed.Release();
        }
        catch (SemaphoreFullException)
        {
            // A reload is already due.
        }
    }

    private void WarnIfExpiring()
    {
        var current = store.Current;
        var now = clock.GetUtcNow();
        var standing = current.Validity.StandingAt(now, options.Value.ExpiryMargin);
        if (standing == CertificateStanding.Valid)
        {
            _lastWarning = DateTimeOffset.MinValue;
            return;
        }

        if (now - _lastWarning >= WarningRepeat)
        {
            _lastWarning = now;
            LogNotValid(logger, current.Certificate.Subject, standing, current.Validity.NotAfter);
        }
    }

    [LoggerMessage(EventId = 7003, Level = LogLevel.Warning, Message = "Server certificate {Subject} is {Standing} (valid until {NotAfter:u}): renew it; readiness reports unhealthy until then")]
    private static partial void LogNotValid(ILogger logger, string subject, CertificateStanding standing, DateTimeOffset notAfter);

    /// <summary>One file-system watcher per folder holding a certificate file; renames count, since renewals replace files by renaming.</summary>
    private sealed class WatcherSet : IDisposable
    {
        private readonly List<FileSystemWatcher> _watchers = [];

        public WatcherSet((string Certificate, string? Key) files, Action changed)
        {
            var folders = new[] { files.Certificate, files.Key }.OfType<string>().Select(Path.GetDirectoryName).OfType<string>().Distinct();
            foreach (var folder in folders.Where(Directory.Exists))
            {
                var watcher = new FileSystemWatcher(folder) { NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size };
                watcher.Changed += (_, _) => changed();
                watcher.Created += (_, _) => changed();
                watcher.Renamed += (_, _) => changed();
                watcher.EnableRaisingEvents = true;
                _watchers.Add(watcher);
            }
        }

        public void Dispose()
        {
            foreach (var watcher in _watchers)
            {
                watcher.Dispose();
            }
        }
    }
}
