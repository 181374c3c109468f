using ConnexIdP.Core.SecondFactors;

namespace ConnexIdP.Tests.SecondFactors;

public sealed class RecoveryCodeFormatTests
{
    [Theory]
    [InlineData("abcde-fghjk", "abcdefghjk")]
    [InlineData("ABCDE FGHJK", "abcdefghjk")]
    [InlineData("abcdefghjk", "abcdefghjk")]
    [InlineData("abcde-fghj", null)]
    [InlineData("abcde-fghjkm", null)]
    [InlineData("abcde-fghj0", null)]
    [InlineData("abcde-fghjl", null)]
    [InlineData("", null)]
    public void Recovery_codes_are_read_without_case_or_separators_and_only_from_their_alphabet(string typed, string? expected) =>
        Assert.Equal(expected, RecoveryCodes.Normalize(typed));
}
