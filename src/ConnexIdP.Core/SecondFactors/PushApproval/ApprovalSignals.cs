using System.Collections.Concurrent;

namespace ConnexIdP.Core.SecondFactors.PushApproval;

/// <summary>
/// Wakes the waiting pages and phones of an account on this server as soon as one of its requests changes here; news
/// from other servers arrives through the database at the next poll (<c>SecondFactors:Push:PollInterval</c>).
/// </summary>
public sealed class ApprovalSignals
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _waiting = new(StringComparer.Ordinal);

    /// <summary>
    /// Returns when <paramref name="accountId"/> has news on this server or after <paramref name="poll"/>. The poll runs on
    /// real time, not on the product's clock: it only paces database reads, and must keep pacing when a test stops the clock.
    /// </summary>
    public async Task WaitAsync(string accountId, TimeSpan poll, CancellationToken cancellationToken)
    {
        var signal = _waiting.GetOrAdd(accountId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        try
        {
            await signal.Task.WaitAsync(poll, TimeProvider.System, cancellationToken);
        }
        catch (TimeoutException)
        {
            // Time to look at the database again. The entry goes with its last poll, so quiet accounts hold no memory; a
            // waiter that still held it hears the next news at its own next poll instead.
            _waiting.TryRemove(new KeyValuePair<string, TaskCompletionSource>(accountId, signal));
        }
    }

    public void Notify(string accountId)
    {
        if (_waiting.TryRemove(accountId, out var signal))
        {
            signal.TrySetResult();
        }
    }
}
