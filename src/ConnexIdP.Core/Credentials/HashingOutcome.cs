namespace ConnexIdP.Core.Credentials;

/// <summary>What <see cref="PasswordHashingGate.RunAsync{T}"/> gives back: the work's value, or <see cref="Busy"/> when it did not run.</summary>
public readonly struct HashingOutcome<T>
{
    private readonly T _value;

    internal HashingOutcome(T value)
    {
        _value = value;
        Busy = null;
    }

    internal HashingOutcome(HashingBusy busy)
    {
        _value = default!;
        Busy = busy;
    }

    /// <summary>Set when the gate turned the work away; the work did not run.</summary>
    public HashingBusy? Busy { get; }

    public T Value => Busy is null ? _value : throw new InvalidOperationException("The gate was busy: the work did not run.");
}
