using ConnexIdP.Core.SecondFactors.PushApproval;

namespace ConnexIdP.Tests.SecondFactors;

/// <summary>
/// The formats push approval shares with the ConnexIdP Approve app and with people: the challenge a phone signs (the
/// app computes the same bytes in JavaScript), the phone link code as typed, and the browser description the phone shows.
/// </summary>
public sealed class PushApprovalFormatTests
{
    private const string RequestId = "0123456789ABCDEF0123456789ABCDEF";
    private static readonly byte[] Nonce = [.. Enumerable.Range(0, 32).Select(i => (byte)i)];

    // Known answers computed outside .NET (Python's hashlib over the same bytes), so the wire format is pinned.
    [Theory]
    [InlineData(42, ApprovalDecision.Approve, "f357e8ca0541c48b718fd3f44b20efe19d8b9231648d4f4726e0414ca3fb2324")]
    [InlineData(null, ApprovalDecision.Deny, "23eb31bbf8c90f7559a98ccc25ff073f8fc77da43cb29216cec656e639777ac6")]
    public void The_signed_challenge_is_sha256_of_the_labelled_request_number_decision_and_nonce(int? number, ApprovalDecision decision, string expected) =>
        Assert.Equal(expected, Convert.ToHexStringLower(ApprovalChallenge.Compute(RequestId, Nonce, number, decision)));

    [Fact]
    public void Each_part_of_an_answer_changes_the_challenge()
    {
        var original = ApprovalChallenge.Compute(RequestId, Nonce, 42, ApprovalDecision.Approve);
        byte[] otherNonce = [.. Nonce.Select(b => (byte)(b ^ 0xff))];

        Assert.NotEqual(original, ApprovalChallenge.Compute("FEDCBA9876543210FEDCBA9876543210", Nonce, 42, ApprovalDecision.Approve));
        Assert.NotEqual(original, ApprovalChallenge.Compute(RequestId, otherNonce, 42, ApprovalDecision.Approve));
        Assert.NotEqual(original, ApprovalChallenge.Compute(RequestId, Nonce, 24, ApprovalDecision.Approve));
        Assert.NotEqual(original, ApprovalChallenge.Compute(RequestId, Nonce, 42, ApprovalDecision.Deny));
    }

    [Theory]
    [InlineData("approve", ApprovalDecision.Approve)]
    [InlineData("deny", ApprovalDecision.Deny)]
    public void Decisions_are_read_by_their_exact_names(string text, ApprovalDecision expected) => Assert.Equal(expected, ApprovalChallenge.Parse(text));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Approve")]
    [InlineData("fraud")]
    public void Anything_else_is_no_decision(string? text) => Assert.Null(ApprovalChallenge.Parse(text));

    [Theory]
    [InlineData("ABCD-EFGH-JKMN-PQRS", "ABCDEFGHJKMNPQRS")]
    [InlineData("abcd efgh jkmn pqrs", "ABCDEFGHJKMNPQRS")]
    [InlineData("0O1I-L000-1111-2222", "0011100011112222")]
    public void A_link_code_is_read_whatever_its_case_separators_and_look_alike_letters(string typed, string expected) =>
        Assert.Equal(expected, PushApprovals.NormalizeCode(typed));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("ABCD-EFGH-JKMN")]
    [InlineData("ABCD-EFGH-JKMN-PQRS-T")]
    [InlineData("ABCD-EFGH-JKMN-PQR!")]
    [InlineData("ABCD-EFGH-JKMN-PQRU")]
    public void A_link_code_of_the_wrong_length_or_with_other_characters_is_no_code(string? typed) => Assert.Null(PushApprovals.NormalizeCode(typed));

    [Fact]
    public void A_link_code_is_shown_in_groups_of_four() => Assert.Equal("ABCD-EFGH-JKMN-PQRS", PushApprovals.Grouped("ABCDEFGHJKMNPQRS"));

    [Theory]
    [InlineData("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0", "Edge on Windows")]
    [InlineData("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36", "Chrome on Linux")]
    [InlineData("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36", "Chrome on Android")]
    [InlineData("Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1", "Safari on iOS")]
    [InlineData("Mozilla/5.0 (Macintosh; Intel Mac OS X 14.7; rv:132.0) Gecko/20100101 Firefox/132.0", "Firefox on macOS")]
    [InlineData("curl/8.5.0", "Unknown browser")]
    [InlineData(null, "Unknown browser")]
    public void A_browser_is_described_by_its_name_and_system(string? userAgent, string expected) => Assert.Equal(expected, BrowserDescription.Describe(userAgent));
}
