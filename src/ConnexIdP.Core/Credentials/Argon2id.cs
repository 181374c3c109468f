using NSec.Cryptography;

namespace ConnexIdP.Core.Credentials;

/// <summary>
/// Raw Argon2id (version 0x13). libsodium through NSec is used whenever it can compute the parameters (p = 1):
/// it is several times faster than the managed implementation and keeps the 64 MiB work area off the managed heap.
/// Konscious computes the same bytes for p &gt; 1, which libsodium does not support.
/// </summary>
public static class Argon2id
{
    public const int SaltLength = 16;
    public const int OutputLength = 32;

    public static void DeriveBytes(ReadOnlySpan<byte> password, ReadOnlySpan<byte> salt, Argon2Parameters parameters, Span<byte> output)
    {
        if (salt.Length != SaltLength)
        {
            throw new ArgumentException($"Argon2id salt must be {SaltLength} bytes.", nameof(salt));
        }

        if (parameters.Parallelism == 1)
        {
            DeriveWithLibsodium(password, salt, parameters, output);
        }
        else
        {
            DeriveWithKonscious(password, salt, parameters, output);
        }
    }

    internal static void DeriveWithLibsodium(ReadOnlySpan<byte> password, ReadOnlySpan<byte> salt, Argon2Parameters parameters, Span<byte> output)
    {
        var algorithm = PasswordBasedKeyDerivationAlgorithm.Argon2id(new NSec.Cryptography.Argon2Parameters
        {
            DegreeOfParallelism = 1,
            MemorySize = parameters.MemoryKiB,
            NumberOfPasses = parameters.Iterations,
        });
        algorithm.DeriveBytes(password, salt, output);
    }

    internal static void DeriveWithKonscious(ReadOnlySpan<byte> password, ReadOnlySpan<byte> salt, Argon2Parameters parameters, Span<byte> output)
    {
        using var argon = new Konscious.Security.Cryptography.Argon2id(password.ToArray())
        {
            Salt = salt.ToArray(),
            MemorySize = parameters.MemoryKiB,
            Iterations = parameters.Iterations,
            DegreeOfParallelism = parameters.Parallelism,
        };
        argon.GetBytes(output.Length).CopyTo(output);
    }
}
