using System.Collections.Concurrent;

namespace ConnexIdP.Core.Credentials;

/// <summary>
/// Dedicated threads for Argon2, one per slot of <see cref="PasswordHashingGate"/>. A hash is tens of milliseconds of
/// pure CPU: on the thread pool it would hold a worker that Kestrel needs for every other request and make the pool
/// inject threads; here the pool only awaits. Continuations leave these threads at once.
/// </summary>
internal sealed class HashingThreads : IDisposable
{
    private readonly BlockingCollection<Action> _work = new();

    public HashingThreads(int count)
    {
        for (var i = 0; i < count; i++)
        {
            new Thread(Serve) { IsBackground = true, Name = $"Argon2 hashing {i + 1}" }.Start();
        }
    }

    public Task<T> RunAsync<T>(Func<T> work)
    {
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        _work.Add(() =>
        {
            try
            {
                done.SetResult(work());
            }
            catch (Exception exception)
            {
                done.SetException(exception);
            }
        });
        return done.Task;
    }

    /// <summary>Lets the threads end once the work already handed over is done.</summary>
    public void Dispose() => _work.CompleteAdding();

    private void Serve()
    {
        foreach (var work in _work.GetConsumingEnumerable())
        {
            work();
        }
    }
}
