using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using ConnexIdP.Core.Credentials;
using Microsoft.Extensions.Options;
using NSec.Cryptography;

namespace ConnexIdP.Benchmarks;

/// <summary>
/// One password verification at the default cost (Argon2id m=64 MiB, t=3, p=1): ConnexIdP's whole layer against the
/// libsodium call it wraps (the baseline, same parameters and input sizes) and the managed Konscious implementation.
/// The Ratio column is the layer's overhead; it must stay within 10 % of raw libsodium.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 15)]
public class PasswordHashingBenchmarks
{
    private const int MemoryKiB = 64 * 1024;
    private const int Iterations = 3;
    private const string Password = "correct horse battery staple, 2026";
    private const string Email = "ada@example.com";

    private readonly byte[] _argonInput = RandomNumberGenerator.GetBytes(32);
    private readonly byte[] _salt = RandomNumberGenerator.GetBytes(16);
    private readonly byte[] _output = new byte[32];
    private PasswordBasedKeyDerivationAlgorithm _libsodium = null!;
    private PasswordHasher _hasher = null!;
    private string _stored = null!;

    [GlobalSetup]
    public void Setup()
    {
        _libsodium = PasswordBasedKeyDerivationAlgorithm.Argon2id(new NSec.Cryptography.Argon2Parameters
        {
            DegreeOfParallelism = 1,
            MemorySize = MemoryKiB,
            NumberOfPasses = Iterations,
        });

        var options = new PasswordHashingOptions();
        options.Argon2.MemoryKiB = MemoryKiB;
        options.Argon2.Iterations = Iterations;
        options.Argon2.Parallelism = 1;
        _hasher = new PasswordHasher(new PepperRing([new Pepper("1", RandomNumberGenerator.GetBytes(32))], "1"), Options.Create(options));
        _stored = _hasher.Hash(Password, Email);

        // A failed check would measure the decoy path instead of a real verification.
        if (_hasher.Verify(_stored, Password, Email) != PasswordVerificationResult.Success)
        {
            throw new InvalidOperationException("The benchmark's stored hash does not verify.");
        }
    }

    [Benchmark(Baseline = true, Description = "libsodium Argon2id (NSec), raw")]
    public byte[] RawLibsodium()
    {
        _libsodium.DeriveBytes(_argonInput, _salt, _output);
        return _output;
    }

    [Benchmark(Description = "PasswordHasher.Verify (ConnexIdP layer)")]
    public PasswordVerificationResult ConnexVerify() => _hasher.Verify(_stored, Password, Email);

    [Benchmark(Description = "Konscious Argon2id, raw")]
    public byte[] Konscious()
    {
        using var argon = new Konscious.Security.Cryptography.Argon2id(_argonInput)
        {
            Salt = _salt,
            MemorySize = MemoryKiB,
            Iterations = Iterations,
            DegreeOfParallelism = 1,
        };
        return argon.GetBytes(32);
    }
}
