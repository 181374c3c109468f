using ConnexIdP.Core.Defence;
using ConnexIdP.Core.SecondFactors;
using ConnexIdP.Core.Tokens;

namespace ConnexIdP.Server.Hosting;

/// <summary>
/// Runs <see cref="TokenPruner"/>, <see cref="SecondFactorPruner"/> and <see cref="FailureCounterPruner"/> every hour. Several server processes may prune at
/// once: deletes are idempotent.
/// </summary>
internal sealed partial class TokenPruning(IServiceScopeFactory scopes, TimeProvider clock, ILogger<TokenPruning> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (true)
            {
                await Task.Delay(Interval, clock, stoppingToken);
                await PruneOnceAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task PruneOnceAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var removed = await scope.ServiceProvider.GetRequiredService<TokenPruner>().PruneAsync(cancellationToken);
            LogPruned(logger, removed);
            LogCeremoniesPruned(logger, await scope.ServiceProvider.GetRequiredService<SecondFactorPruner>().PruneAsync(cancellationToken));
            LogCountersPruned(logger, await scope.ServiceProvider.GetRequiredService<FailureCounterPruner>().PruneAsync(cancellationToken));
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // A failed pass (database briefly unavailable) is retried at the next interval; the server keeps serving.
            LogFailed(logger, exception);
        }
    }

    [LoggerMessage(EventId = 3201, Level = LogLevel.Information, Message = "Pruned {Count} expired tokens and authorizations")]
    private static partial void LogPruned(ILogger logger, long count);

    [LoggerMessage(EventId = 3203, Level = LogLevel.Information, Message = "Pruned {Count} expired second-factor ceremonies, phone links and approval requests")]
    private static partial void LogCeremoniesPruned(ILogger logger, long count);

    [LoggerMessage(EventId = 3204, Level = LogLevel.Information, Message = "Pruned {Count} failure counters that can no longer protect anything")]
    private static partial void LogCountersPruned(ILogger logger, long count);

    [LoggerMessage(EventId = 3202, Level = LogLevel.Error, Message = "Token pruning failed; it will run again at the next interval")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
