using ConnexIdP.Core.Passwords;

namespace ConnexIdP.Tests.Passwords;

/// <summary>
/// Context words, repetition and sequences are refused when they make up most of a password: what is left once they
/// are set aside must still meet the minimum length, so long passphrases that merely contain one pass.
/// </summary>
public sealed class PasswordPatternTests
{
    private static readonly PasswordPolicy Policy = TestPolicy.Create(contextWords: ["Globex"]);

    [Theory]
    [InlineData("ConnexIdP2026!", "ada@example.com")]
    [InlineData("connex-connex", "ada@example.com")]
    [InlineData("AliceSmith1!", "alice.smith@example.org")]
    [InlineData("alice.smith@example.org", "alice.smith@example.org")]
    [InlineData("bob1984bob1984", "bob1984@example.org")]
    [InlineData("Example!2026", "alice@example.org")]
    [InlineData("globex-corp-1", "alice@example.org")]
    public void A_password_built_mainly_from_context_words_is_refused(string password, string email)
    {
        var result = Policy.Check(password, TestPolicy.Person(email));
        Assert.Equal(PasswordRefusal.ContextWord, result.Refusal);
        Assert.Equal("Don't build your password mainly from your email address, the service's name or your organisation's name.", result.Message);
    }

    [Fact]
    public void A_long_passphrase_that_merely_contains_a_context_word_is_accepted()
    {
        // 27 characters less "alice" leaves 22: well above the minimum, so the context word does not make it guessable.
        Assert.True(Policy.Check("alice-correct-horse-battery", TestPolicy.Person("alice@example.org")).IsAccepted);

        // Under Rev4 without a second factor the same rule asks 15 characters besides the context word.
        var rev4 = TestPolicy.Create(PasswordPolicyProfile.Rev4);
        Assert.True(rev4.Check("alice-correct-horse-battery", TestPolicy.Person("alice@example.org")).IsAccepted);
        Assert.Equal(PasswordRefusal.ContextWord, rev4.Check("alice-horse-battery", TestPolicy.Person("alice@example.org")).Refusal);
    }

    [Fact]
    public void Short_email_pieces_and_the_top_level_domain_are_not_context_words()
    {
        // Were "bob" and "org" context words, 6 characters would be left.
        Assert.True(Policy.Check("bobOrg#2!x9Q", TestPolicy.Person("bob@mail.org")).IsAccepted);
    }

    [Fact]
    public void Without_an_email_only_the_product_and_configured_words_count()
    {
        Assert.True(Policy.Check("quirv2024!", TestPolicy.Person(null)).IsAccepted);
        Assert.Equal(PasswordRefusal.ContextWord, Policy.Check("quirv2024!", TestPolicy.Person("quirv@example.org")).Refusal);
        Assert.Equal(PasswordRefusal.ContextWord, Policy.Check("Globex2024!", TestPolicy.Person(null)).Refusal);
    }

    [Theory]
    [InlineData("kkkkkkkkkk")]
    [InlineData("zqzqzqzqzq")]
    [InlineData("abcabcabcabc")]
    [InlineData("Tr0ub4Tr0ub4Tr0ub4")]
    [InlineData("xyz!xyz!xyz!")]
    public void A_password_made_mostly_of_repetition_is_refused(string password)
    {
        var result = Policy.Check(password, TestPolicy.Person());
        Assert.Equal(PasswordRefusal.Repetitive, result.Refusal);
        Assert.Equal("Avoid passwords made mostly of repeated characters or patterns, such as 'aaaa' or 'abab'.", result.Message);
    }

    [Fact]
    public void A_doubled_password_keeps_only_one_copy_toward_the_minimum()
    {
        // 22 characters, but the second half repeats the first: 12 count, enough for 8 and not for Rev4's 15.
        Assert.True(Policy.Check("Tr0ub4dor&3Tr0ub4dor&3", TestPolicy.Person()).IsAccepted);
        Assert.Equal(PasswordRefusal.Repetitive, TestPolicy.Create(PasswordPolicyProfile.Rev4).Check("Tr0ub4dor&3Tr0ub4dor&3", TestPolicy.Person()).Refusal);
    }

    [Theory]
    [InlineData("lmnopqrstuvw")]
    [InlineData("98765432109")]
    [InlineData("ZYXWVUTSRQ")]
    [InlineData("asdfghjkl;'")]
    [InlineData("абвгдежзий")]
    [InlineData("abcd1234efgh")]
    public void A_password_made_mostly_of_sequences_is_refused(string password)
    {
        var result = Policy.Check(password, TestPolicy.Person());
        Assert.Equal(PasswordRefusal.Sequential, result.Refusal);
        Assert.Equal("Avoid passwords made mostly of sequences of letters, digits or neighbouring keys, such as 'abcd', '4321' or 'qwer'.", result.Message);
    }

    [Theory]
    [InlineData("correct horse 123 battery")]
    [InlineData("my first study of xyz tunes")]
    [InlineData("qwerty is a keyboard, not a secret")]
    [InlineData("aaa-lazy-afternoon")]
    public void A_passphrase_that_merely_contains_a_sequence_or_repeat_is_accepted(string password)
    {
        var result = Policy.Check(password, TestPolicy.Person());
        Assert.True(result.IsAccepted, result.Message);
    }

    [Theory]
    [InlineData("hunter2")]
    [InlineData("Password1")]
    [InlineData("Monkey1984!")]
    [InlineData("ConnexIdP2026!")]
    [InlineData("ada.lovelace-1")]
    [InlineData("zqzqzqzqzq")]
    [InlineData("lmnopqrstuvw")]
    [InlineData("correct horse\tbattery")]
    [InlineData("x\u0301")]
    public void Refusal_messages_never_repeat_the_password(string password)
    {
        var result = Policy.Check(password, TestPolicy.Person("ada.lovelace@example.com"));
        Assert.False(result.IsAccepted);
        Assert.False(string.IsNullOrWhiteSpace(result.Message));
        Assert.DoesNotContain(password, result.Message, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(password.Normalize(), result.Message, StringComparison.OrdinalIgnoreCase);
    }
}
