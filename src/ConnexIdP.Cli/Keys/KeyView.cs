using ConnexIdP.Core.Keys;

namespace ConnexIdP.Cli.Keys;

/// <summary>A signing key as the CLI shows it: identifiers and times, never key material.</summary>
internal sealed record KeyView(string Kid, SigningKeyState State, DateTimeOffset ActivatesAt, DateTimeOffset? RetiresAt, string File)
{
    public static KeyView From(SigningKey key) => new(key.KeyId, key.State, key.ActivatesAt, key.RetiresAt, Path.GetFileName(key.Path));
}
