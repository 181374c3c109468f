namespace ConnexIdP.Core.Credentials;

/// <summary>Argon2id cost parameters as stored in a hash: memory in KiB, passes, lanes.</summary>
public readonly record struct Argon2Parameters(int MemoryKiB, int Iterations, int Parallelism)
{
    /// <summary>True when every cost of this set is at least the matching cost of <paramref name="other"/>.</summary>
    public bool IsAtLeast(Argon2Parameters other) =>
        MemoryKiB >= other.MemoryKiB && Iterations >= other.Iterations && Parallelism >= other.Parallelism;

    public override string ToString() => $"m={MemoryKiB},t={Iterations},p={Parallelism}";
}
