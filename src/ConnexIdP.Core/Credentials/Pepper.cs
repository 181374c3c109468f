namespace ConnexIdP.Core.Credentials;

/// <summary>A secret key kept outside the database and mixed into every password hash, so a stolen database alone cannot be attacked offline.</summary>
public sealed class Pepper
{
    public const int MinimumLength = 32;

    private readonly byte[] _key;

    public Pepper(string id, byte[] key)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        if (key.Length < MinimumLength)
        {
            throw new ArgumentException($"A pepper must be at least {MinimumLength} bytes.", nameof(key));
        }

        Id = id;
        _key = key;
    }

    public string Id { get; }

    internal ReadOnlySpan<byte> Key => _key;

    /// <summary>Never prints the key.</summary>
    public override string ToString() => $"Pepper {Id}";
}
