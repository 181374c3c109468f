using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenIddict.EntityFrameworkCore.Models;

namespace ConnexIdP.Core.Data;

/// <summary>
/// Group commit for new token rows. One writer takes every row that is waiting when it becomes free, inserts them all in
/// one transaction, and completes each caller's task only once that transaction has committed. Concurrent token
/// requests then share one write lock and one commit instead of queueing for SQLite's lock one by one (each waiter
/// blocking a thread-pool thread in the busy handler); on PostgreSQL they share one round trip and one WAL flush.
/// </summary>
/// <remarks>
/// What the callers see does not change: a row's task completes after its commit, so the token is never handed out
/// before its row is durable (as durable as <c>Database:Sqlite:Synchronous</c> makes any commit), and a failure is that
/// row's own failure: a batch that fails is retried row by row, so one bad row cannot fail or delay its neighbours'
/// fate. Rows already taken are written even when their caller has gone; nothing else is cancelled mid-commit.
/// </remarks>
internal sealed partial class TokenRowWriter : IAsyncDisposable, IDisposable
{
    // Bounds one transaction; under load a batch is about the number of requests in flight.
    private const int MaxBatch = 256;

    private readonly Channel<PendingRow> _queue = Channel.CreateUnbounded<PendingRow>(new UnboundedChannelOptions { SingleReader = true });
    private readonly IServiceScopeFactory _scopes;
    private readonly ILogger<TokenRowWriter> _logger;
    private readonly Task _writer;

    public TokenRowWriter(IServiceScopeFactory scopes, ILogger<TokenRowWriter> logger)
    {
        _scopes = scopes;
        _logger = logger;
        _writer = Task.Run(WriteAllAsync);
    }

    /// <summary>Queues <paramref name="row"/> (an entity no context tracks); completes once it is committed, or with the error that stopped it.</summary>
    public Task InsertAsync(OpenIddictEntityFrameworkCoreToken row, string? applicationId, string? authorizationId, CancellationToken cancellationToken)
    {
        // Continuations run on the caller's side, never inline on the writer, which must go straight back to the queue.
        var pending = new PendingRow(row, applicationId, authorizationId, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_queue.Writer.TryWrite(pending))
        {
            throw new ObjectDisposedException(nameof(TokenRowWriter), "The token row writer is shut down.");
        }

        return pending.Committed.Task.WaitAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        // Rows already queued are still written (or failed back to their callers) before the container is gone.
        _queue.Writer.TryComplete();
        await _writer;
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private async Task WriteAllAsync()
    {
        var batch = new List<PendingRow>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync())
        {
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var pending))
            {
                batch.Add(pending);
            }

            await WriteBatchAsync(batch);
            batch.Clear();
        }
    }

    private async Task WriteBatchAsync(List<PendingRow> batch)
    {
        try
        {
            await SaveAsync(batch);
            foreach (var pending in batch)
            {
                pending.Committed.TrySetResult();
            }

            return;
        }
        catch (Exception exception) when (batch.Count > 1)
        {
            LogBatchFailed(_logger, batch.Count, exception);
        }
        catch (Exception exception)
        {
            batch[0].Committed.TrySetException(exception);
            return;
        }

        // The batch rolled back as a whole: each row gets its own transaction and its own outcome.
        foreach (var pending in batch)
        {
            try
            {
                await SaveAsync([pending]);
                pending.Committed.TrySetResult();
            }
            catch (Exception exception)
            {
                pending.Committed.TrySetException(exception);
            }
        }
    }

    private async Task SaveAsync(IReadOnlyList<PendingRow> rows)
    {
        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ConnexDbContext>();

        // Rows are added with their foreign keys set directly: nothing else is loaded or tracked, so there is nothing to detect.
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        var (application, authorization) = ForeignKeys(db.Model);
        foreach (var pending in rows)
        {
            var entry = db.Add(pending.Row);
            entry.Property(application).CurrentValue = pending.ApplicationId;
            entry.Property(authorization).CurrentValue = pending.AuthorizationId;
        }

        // One SaveChanges is one transaction (and, on SQLite, one write lock and one commit) for the whole group.
        await db.SaveChangesAsync(CancellationToken.None);
    }

    // The token's foreign keys are shadow properties of OpenIddict's model (ApplicationId, AuthorizationId): found through
    // the navigations rather than by name, so a mapping change in OpenIddict cannot silently drop them.
    private static (IProperty Application, IProperty Authorization) ForeignKeys(IModel model)
    {
        var token = model.FindEntityType(typeof(OpenIddictEntityFrameworkCoreToken))
            ?? throw new InvalidOperationException("The database model has no OpenIddict token entity.");
        return (
            token.FindNavigation(nameof(OpenIddictEntityFrameworkCoreToken.Application))!.ForeignKey.Properties.Single(),
            token.FindNavigation(nameof(OpenIddictEntityFrameworkCoreToken.Authorization))!.ForeignKey.Properties.Single());
    }

    [LoggerMessage(EventId = 1201, Level = LogLevel.Warning, Message = "A group of {Count} token rows failed to commit; retrying each row on its own")]
    private static partial void LogBatchFailed(ILogger logger, int count, Exception exception);

    private sealed record PendingRow(OpenIddictEntityFrameworkCoreToken Row, string? ApplicationId, string? AuthorizationId, TaskCompletionSource Committed);
}
