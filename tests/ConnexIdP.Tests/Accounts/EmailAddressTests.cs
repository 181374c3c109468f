using ConnexIdP.Core.Accounts;

namespace ConnexIdP.Tests.Accounts;

public sealed class EmailAddressTests
{
    [Theory]
    [InlineData("Ada@Example.COM", "ada@example.com")]
    [InlineData("  ada@example.com ", "ada@example.com")]
    [InlineData("ada@b\u00fccher.example", "ada@xn--bcher-kva.example")]
    public void Normalises_case_whitespace_and_international_domains(string input, string expected)
    {
        Assert.True(EmailAddress.TryNormalize(input, out var normalized));
        Assert.Equal(expected, normalized);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("no-at-sign")]
    [InlineData("@example.com")]
    [InlineData("ada@")]
    [InlineData("ada @example.com")]
    [InlineData("ada@exa\u0000mple.com")]
    public void Refuses_what_is_not_an_address(string? input)
    {
        Assert.False(EmailAddress.TryNormalize(input, out _));
    }

    [Fact]
    public void Refuses_addresses_longer_than_254_characters()
    {
        Assert.False(EmailAddress.TryNormalize(new string('a', 250) + "@example.com", out _));
    }
}
