using System.Security.Cryptography;
using ConnexIdP.Core.Credentials;
using Microsoft.Extensions.Options;

namespace ConnexIdP.Tests.Credentials;

public sealed class PasswordHasherTests
{
    private static readonly byte[] PepperOne = RandomNumberGenerator.GetBytes(32);
    private static readonly byte[] PepperTwo = RandomNumberGenerator.GetBytes(32);

    private static PasswordHasher Hasher(int memoryKiB = 1024, int iterations = 1, string currentPepper = "1", bool withOldPepper = true)
    {
        var peppers = new List<Pepper> { new("1", PepperOne) };
        if (withOldPepper || currentPepper == "2")
        {
            peppers.Add(new("2", PepperTwo));
        }

        var options = Options.Create(new PasswordHashingOptions
        {
            Argon2 = new PasswordHashingOptions.Argon2Section { MemoryKiB = memoryKiB, Iterations = iterations, Parallelism = 1 },
        });
        return new PasswordHasher(new PepperRing(peppers, currentPepper), options);
    }

    [Fact]
    public void A_hash_verifies_its_own_password_and_nothing_else()
    {
        var hasher = Hasher();
        var hash = hasher.Hash("correct horse battery staple", "ada@example.com");
        Assert.Equal(PasswordVerificationResult.Success, hasher.Verify(hash, "correct horse battery staple", "ada@example.com"));
        Assert.Equal(PasswordVerificationResult.Failed, hasher.Verify(hash, "correct horse battery stapl", "ada@example.com"));
        Assert.Equal(PasswordVerificationResult.Failed, hasher.Verify(hash, "Correct horse battery staple", "ada@example.com"));
    }

    [Fact]
    public void The_stored_form_names_algorithm_parameters_and_pepper()
    {
        var hash = Hasher(memoryKiB: 2048, iterations: 2).Hash("pw-123456", "ada@example.com");
        Assert.StartsWith("$connexidp$v=1$argon2id$m=2048,t=2,p=1$k=1$", hash, StringComparison.Ordinal);
        Assert.True(PasswordHashFormat.TryParse(hash, out var parsed));
        Assert.Equal(new Argon2Parameters(2048, 2, 1), parsed.Parameters);
        Assert.Equal("1", parsed.PepperId);
        Assert.Equal(16, parsed.Salt.Length);
    }

    [Fact]
    public void Two_hashes_of_one_password_differ_by_their_random_salt()
    {
        var hasher = Hasher();
        Assert.NotEqual(hasher.Hash("same password", "ada@example.com"), hasher.Hash("same password", "ada@example.com"));
    }

    [Fact]
    public void Seasoning_binds_a_hash_to_its_email()
    {
        var hasher = Hasher();
        var hash = hasher.Hash("correct horse battery staple", "ada@example.com");
        Assert.Equal(PasswordVerificationResult.Failed, hasher.Verify(hash, "correct horse battery staple", "eve@example.com"));
    }

    [Fact]
    public void Without_the_pepper_the_stored_hash_cannot_be_verified()
    {
        var hash = Hasher().Hash("correct horse battery staple", "ada@example.com");
        var otherPepper = new PasswordHasher(
            new PepperRing([new Pepper("1", RandomNumberGenerator.GetBytes(32))], "1"),
            Options.Create(new PasswordHashingOptions { Argon2 = new() { MemoryKiB = 1024, Iterations = 1 } }));
        Assert.Equal(PasswordVerificationResult.Failed, otherPepper.Verify(hash, "correct horse battery staple", "ada@example.com"));
    }

    [Fact]
    public void Weaker_stored_parameters_ask_for_a_rehash()
    {
        var old = Hasher(memoryKiB: 1024, iterations: 1).Hash("correct horse battery staple", "ada@example.com");
        var today = Hasher(memoryKiB: 2048, iterations: 1);
        Assert.Equal(PasswordVerificationResult.SuccessRehashNeeded, today.Verify(old, "correct horse battery staple", "ada@example.com"));
        var rehashed = today.Hash("correct horse battery staple", "ada@example.com");
        Assert.Equal(PasswordVerificationResult.Success, today.Verify(rehashed, "correct horse battery staple", "ada@example.com"));
    }

    [Fact]
    public void A_hash_under_an_older_pepper_verifies_and_asks_for_a_rehash()
    {
        var old = Hasher(currentPepper: "1").Hash("correct horse battery staple", "ada@example.com");
        var rotated = Hasher(currentPepper: "2");
        Assert.Equal(PasswordVerificationResult.SuccessRehashNeeded, rotated.Verify(old, "correct horse battery staple", "ada@example.com"));
        Assert.Contains("$k=2$", rotated.Hash("correct horse battery staple", "ada@example.com"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_hash_naming_an_unknown_pepper_fails_closed()
    {
        var hash = Hasher(currentPepper: "2").Hash("correct horse battery staple", "ada@example.com");
        Assert.Equal(PasswordVerificationResult.Failed, Hasher(withOldPepper: false).Verify(hash, "correct horse battery staple", "ada@example.com"));
    }

    [Fact]
    public void Composed_and_decomposed_unicode_are_the_same_password()
    {
        var hasher = Hasher();
        var hash = hasher.Hash("caf\u00e9 cr\u00e8me br\u00fbl\u00e9e", "ada@example.com");
        Assert.Equal(PasswordVerificationResult.Success, hasher.Verify(hash, "cafe\u0301 cre\u0300me bru\u0302le\u0301e", "ada@example.com"));
    }

    [Fact]
    public void Long_passwords_are_never_truncated()
    {
        var hasher = Hasher();
        var longPassword = new string('a', 300) + "X";
        var hash = hasher.Hash(longPassword, "ada@example.com");
        Assert.Equal(PasswordVerificationResult.Failed, hasher.Verify(hash, new string('a', 300) + "Y", "ada@example.com"));
        Assert.Equal(PasswordVerificationResult.Success, hasher.Verify(hash, longPassword, "ada@example.com"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("$2b$10$abcdefghijklmnopqrstuv")]
    [InlineData("$connexidp$v=9$argon2id$m=1024,t=1,p=1$k=1$AAAAAAAAAAAAAAAAAAAAAA$AAAA")]
    [InlineData("$connexidp$v=1$argon2id$m=0,t=1,p=1$k=1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public void Unreadable_stored_values_fail_without_throwing(string? stored)
    {
        Assert.Equal(PasswordVerificationResult.Failed, Hasher().Verify(stored, "anything", "ada@example.com"));
    }
}
