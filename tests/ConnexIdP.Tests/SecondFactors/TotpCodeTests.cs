using System.Text;
using ConnexIdP.Core.SecondFactors;

namespace ConnexIdP.Tests.SecondFactors;

/// <summary>RFC 6238 Appendix B: the test vectors every TOTP implementation must reproduce, for the three HMACs.</summary>
public sealed class TotpCodeTests
{
    // Appendix B seeds: the ASCII digits "1234567890" repeated to the HMAC's key size (20, 32 and 64 bytes).
    private static readonly byte[] Sha1Seed = Encoding.ASCII.GetBytes("12345678901234567890");
    private static readonly byte[] Sha256Seed = Encoding.ASCII.GetBytes("12345678901234567890123456789012");
    private static readonly byte[] Sha512Seed = Encoding.ASCII.GetBytes("1234567890123456789012345678901234567890123456789012345678901234");

    [Theory]
    [InlineData(59L, "94287082", "46119246", "90693936")]
    [InlineData(1111111109L, "07081804", "68084774", "25091201")]
    [InlineData(1111111111L, "14050471", "67062674", "99943326")]
    [InlineData(1234567890L, "89005924", "91819424", "93441116")]
    [InlineData(2000000000L, "69279037", "90698825", "38618901")]
    [InlineData(20000000000L, "65353130", "77737706", "47863826")]
    public void Codes_match_the_rfc_6238_appendix_b_vectors(long unixSeconds, string sha1, string sha256, string sha512)
    {
        var at = DateTimeOffset.FromUnixTimeSeconds(unixSeconds);

        Assert.Equal(sha1, TotpCode.Compute(Sha1Seed, TotpAlgorithm.Sha1, 8, 30, at));
        Assert.Equal(sha256, TotpCode.Compute(Sha256Seed, TotpAlgorithm.Sha256, 8, 30, at));
        Assert.Equal(sha512, TotpCode.Compute(Sha512Seed, TotpAlgorithm.Sha512, 8, 30, at));
    }

    [Theory]
    [InlineData(59L)]
    [InlineData(1111111109L)]
    [InlineData(2000000000L)]
    public void The_vectors_are_accepted_in_their_own_step_and_name_it(long unixSeconds)
    {
        var at = DateTimeOffset.FromUnixTimeSeconds(unixSeconds);
        var code = TotpCode.Compute(Sha1Seed, TotpAlgorithm.Sha1, 8, 30, at);

        Assert.Equal(unixSeconds / 30, TotpCode.Match(Sha1Seed, TotpAlgorithm.Sha1, 8, 30, code, at, driftSteps: 0));
    }

    [Fact]
    public void A_code_is_accepted_one_step_either_side_and_no_further()
    {
        var now = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);
        long? MatchAt(int steps) => TotpCode.Match(Sha1Seed, TotpAlgorithm.Sha1, 6, 30, TotpCode.Compute(Sha1Seed, TotpAlgorithm.Sha1, 6, 30, now.AddSeconds(30 * steps)), now, driftSteps: 1);

        Assert.Equal(60_000_000 - 1, MatchAt(-1));
        Assert.Equal(60_000_000, MatchAt(0));
        Assert.Equal(60_000_000 + 1, MatchAt(1));
        Assert.Null(MatchAt(-2));
        Assert.Null(MatchAt(2));
    }

    [Theory]
    [InlineData("123 456", "123456")]
    [InlineData("123-456", "123456")]
    [InlineData(" 123456 ", "123456")]
    [InlineData("12345a", null)]
    [InlineData("", null)]
    [InlineData("１２３４５６", null)]
    [InlineData("12345678901234567", null)]
    public void Typed_codes_lose_their_spaces_and_anything_else_is_no_code(string typed, string? expected) =>
        Assert.Equal(expected, TotpCode.Normalize(typed));

    [Fact]
    public void A_code_of_the_wrong_length_never_matches()
    {
        var now = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);
        var code = TotpCode.Compute(Sha1Seed, TotpAlgorithm.Sha1, 6, 30, now);

        Assert.Null(TotpCode.Match(Sha1Seed, TotpAlgorithm.Sha1, 6, 30, "0" + code, now, driftSteps: 1));
        Assert.Null(TotpCode.Match(Sha1Seed, TotpAlgorithm.Sha1, 6, 30, code[1..], now, driftSteps: 1));
    }

    [Fact]
    public void The_secret_is_given_to_apps_as_unpadded_base32()
    {
        Assert.Equal("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", TotpCode.ToBase32(Sha1Seed));
    }
}
