using ConnexIdP.Core.Credentials;

namespace ConnexIdP.Tests.Credentials;

public sealed class Argon2idTests
{
    // Reference vector from the Argon2 reference implementation's test suite (argon2id, v=0x13,
    // t=2, m=2^16 KiB, p=1, password "password", salt "somesalt").
    private const string ReferenceHash = "09316115d5cf24ed5a15a31a3ba326e5cf32edc24702987c02b6566f61913cf7";

    [Fact]
    public void Libsodium_and_the_managed_implementation_derive_the_same_bytes()
    {
        // libsodium needs a 16-byte salt, so it is checked against the managed implementation, which itself
        // reproduces the reference vector below.
        var salt = "somesalt-16bytes"u8.ToArray();
        var native = new byte[32];
        var managed = new byte[32];
        Argon2id.DeriveBytes("password"u8, salt, new Argon2Parameters(65536, 2, 1), native);
        Argon2id.DeriveWithKonscious("password"u8, salt, new Argon2Parameters(65536, 2, 1), managed);
        Assert.Equal(managed, native);
    }

    [Fact]
    public void Managed_implementation_reproduces_the_reference_vector()
    {
        var output = new byte[32];
        using var argon = new Konscious.Security.Cryptography.Argon2id("password"u8.ToArray())
        {
            Salt = "somesalt"u8.ToArray(),
            MemorySize = 65536,
            Iterations = 2,
            DegreeOfParallelism = 1,
        };
        Assert.Equal(ReferenceHash, Convert.ToHexStringLower(argon.GetBytes(32)));
    }

    [Fact]
    public void Parallel_lanes_are_computed_by_the_managed_implementation()
    {
        var salt = new byte[16];
        var one = new byte[32];
        var two = new byte[32];
        Argon2id.DeriveBytes("password"u8, salt, new Argon2Parameters(1024, 1, 1), one);
        Argon2id.DeriveBytes("password"u8, salt, new Argon2Parameters(1024, 1, 2), two);
        Assert.NotEqual(one, two);
    }
}
