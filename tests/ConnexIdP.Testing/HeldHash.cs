namespace ConnexIdP.Testing;

/// <summary>
/// Work that occupies a hashing thread of the password hashing gate, as a long Argon2 computation would, until the test
/// lets it finish. Linked into the unit tests too, which do not reference this project.
/// </summary>
public sealed class HeldHash : IDisposable
{
    private readonly ManualResetEventSlim _release = new();
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes once the work is running on its hashing thread.</summary>
    public Task Started => _started.Task;

    public string Run()
    {
        _started.TrySetResult();
        _release.Wait();
        return "hash";
    }

    public void Release() => _release.Set();

    public void Dispose()
    {
        Release();
        _release.Dispose();
    }
}
