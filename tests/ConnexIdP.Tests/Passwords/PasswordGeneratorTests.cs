using ConnexIdP.Core.Passwords;

namespace ConnexIdP.Tests.Passwords;

public sealed class PasswordGeneratorTests
{
    [Theory]
    [InlineData(PasswordPolicyProfile.Standard)]
    [InlineData(PasswordPolicyProfile.Rev4)]
    public void Generated_passwords_pass_the_policy_as_system_passwords(PasswordPolicyProfile profile)
    {
        var policy = TestPolicy.Create(profile);
        var generator = new PasswordGenerator(policy);
        var passwords = Enumerable.Range(0, 500).Select(_ => generator.Generate("ada@example.com")).ToList();

        Assert.All(passwords, password =>
        {
            Assert.Equal(PasswordGenerator.Length, password.Length);
            Assert.True(policy.Check(password, new PasswordContext("ada@example.com", PasswordOrigin.System)).IsAccepted);
        });
        Assert.Equal(passwords.Count, passwords.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Generated_passwords_use_only_unambiguous_characters_and_carry_over_100_bits()
    {
        var generator = new PasswordGenerator(TestPolicy.Create());
        var used = string.Concat(Enumerable.Range(0, 200).Select(_ => generator.Generate()));

        Assert.DoesNotContain(used, c => "0O1lIio".Contains(c, StringComparison.Ordinal));
        Assert.True(PasswordGenerator.Length * Math.Log2(PasswordGenerator.Alphabet.Distinct().Count()) >= 100);

        // 4,000 draws from 55 symbols: every one of them turns up.
        Assert.Equal(PasswordGenerator.Alphabet.Order(), used.Distinct().Order());
    }
}
