using System.Security.Cryptography;
using ConnexIdP.Core.Passwords;

namespace ConnexIdP.Tests.Passwords;

/// <summary>Lengths are counted in code points after NFC, as NIST SP 800-63B asks, under each profile; nothing is truncated.</summary>
public sealed class PasswordLengthTests
{
    // Random-looking text with no sequence, repeat or listed word, cut to the length a test needs.
    private const string Plain = "Tq9#vLmz-Wk4!rHx_Jp7@nYb&Gf2%Dc";

    private static readonly PasswordPolicy Standard = TestPolicy.Create();
    private static readonly PasswordPolicy Rev4 = TestPolicy.Create(PasswordPolicyProfile.Rev4);

    [Fact]
    public void A_person_needs_8_characters_under_the_standard_profile()
    {
        var refused = Standard.Check(Plain[..7], TestPolicy.Person());
        Assert.Equal(PasswordRefusal.TooShort, refused.Refusal);
        Assert.Equal("Use at least 8 characters; this one has 7.", refused.Message);
        Assert.True(Standard.Check(Plain[..8], TestPolicy.Person()).IsAccepted);
        Assert.Equal(8, Standard.MinimumLength(TestPolicy.Person()));
    }

    [Fact]
    public void A_generated_password_needs_6_characters_under_the_standard_profile()
    {
        var generated = new PasswordContext("ada@example.com", PasswordOrigin.System);
        Assert.Equal("Use at least 6 characters; this one has 5.", Standard.Check(Plain[..5], generated).Message);
        Assert.True(Standard.Check(Plain[..6], generated).IsAccepted);
        Assert.Equal(6, Standard.MinimumLength(generated));
    }

    [Fact]
    public void Rev4_asks_15_characters_of_a_single_factor_and_8_once_a_second_factor_is_enrolled()
    {
        var alone = TestPolicy.Person();
        Assert.Equal("Use at least 15 characters; this one has 14.", Rev4.Check(Plain[..14], alone).Message);
        Assert.True(Rev4.Check(Plain[..15], alone).IsAccepted);
        Assert.Equal(15, Rev4.MinimumLength(alone));

        var withSecondFactor = alone with { HasSecondFactor = true };
        Assert.Equal(PasswordRefusal.TooShort, Rev4.Check(Plain[..7], withSecondFactor).Refusal);
        Assert.True(Rev4.Check(Plain[..8], withSecondFactor).IsAccepted);
        Assert.Equal(8, Rev4.MinimumLength(withSecondFactor));
    }

    [Fact]
    public void Rev4_has_no_shorter_minimum_for_generated_passwords()
    {
        Assert.Equal(15, Rev4.MinimumLength(new PasswordContext(null, PasswordOrigin.System)));
        Assert.Equal(8, Rev4.MinimumLength(new PasswordContext(null, PasswordOrigin.System, HasSecondFactor: true)));
    }

    [Theory]
    [InlineData(64)]
    [InlineData(256)]
    public void Long_passwords_up_to_the_maximum_are_accepted(int length)
    {
        Assert.True(Standard.Check(RandomText(length), TestPolicy.Person()).IsAccepted);
    }

    [Fact]
    public void One_character_over_the_default_maximum_is_refused_and_accepted_when_the_maximum_is_raised()
    {
        var password = RandomText(257);
        Assert.Equal("Use at most 256 characters; this one has 257.", Standard.Check(password, TestPolicy.Person()).Message);
        Assert.True(TestPolicy.Create(maximumLength: 512).Check(password, TestPolicy.Person()).IsAccepted);
    }

    [Fact]
    public void Composed_and_decomposed_accents_count_as_the_same_length()
    {
        var composed = "\u00e9t\u00e9";
        var decomposed = "e\u0301te\u0301";
        Assert.Equal("Use at least 8 characters; this one has 3.", Standard.Check(composed, TestPolicy.Person()).Message);
        Assert.Equal("Use at least 8 characters; this one has 3.", Standard.Check(decomposed, TestPolicy.Person()).Message);
        Assert.True(Standard.Check("soir\u00e9e d'\u00e9t\u00e9", TestPolicy.Person()).IsAccepted);
        Assert.True(Standard.Check("soire\u0301e d'e\u0301te\u0301", TestPolicy.Person()).IsAccepted);
    }

    [Fact]
    public void An_emoji_outside_the_basic_plane_counts_as_one_character()
    {
        Assert.Equal("Use at least 8 characters; this one has 7.", Standard.Check("\U0001F409\U0001F305\U0001F30A\U0001F525\U0001F332\U0001F3D4\U0001F319", TestPolicy.Person()).Message);
    }

    [Theory]
    [InlineData("correct horse battery staple")]
    [InlineData("пароль-очень-длинный")]
    [InlineData("\U0001F409 dragons fly at dawn \U0001F305")]
    [InlineData("日本語のパスワードです")]
    [InlineData("~!@# $%^&*()_+{}|:\"<>?`-=[]\\;',./")]
    public void Spaces_punctuation_and_unicode_are_accepted(string password)
    {
        var result = Standard.Check(password, TestPolicy.Person());
        Assert.True(result.IsAccepted, result.Message);
    }

    [Fact]
    public void A_lone_surrogate_is_refused_with_a_reason_rather_than_an_exception()
    {
        var result = Standard.Check("correct horse \ud800 battery", TestPolicy.Person());
        Assert.Equal(PasswordRefusal.InvalidCharacters, result.Refusal);
        Assert.Contains("incomplete Unicode character", result.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("horse", result.Message, StringComparison.Ordinal);
        Assert.False(Standard.IsKnownPassword("\udc00password"));
    }

    [Theory]
    [InlineData("correct horse\tbattery staple")]
    [InlineData("correct horse battery staple\n")]
    [InlineData("correct horse\0battery staple")]
    [InlineData("correct horse\u0085battery staple")]
    public void Control_characters_are_refused_because_they_cannot_be_typed_again(string password)
    {
        var result = Standard.Check(password, TestPolicy.Person());
        Assert.Equal(PasswordRefusal.InvalidCharacters, result.Refusal);
        Assert.Contains("control character", result.Message, StringComparison.Ordinal);
    }

    private static string RandomText(int length) =>
        RandomNumberGenerator.GetString("abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789!#%&*+-=?@", length);
}
