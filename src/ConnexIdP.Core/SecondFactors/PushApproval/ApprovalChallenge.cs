using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace ConnexIdP.Core.SecondFactors.PushApproval;

/// <summary>
/// The WebAuthn challenge a phone's answer signs: SHA-256 over the request id, the number the person picked, the
/// decision and the request's random nonce. The signature therefore proves this device answered this request with this
/// number and this decision; an answer cannot be moved to another request or altered on its way. The approval app
/// computes the same bytes (<c>wwwroot/approve/approve.js</c>).
/// </summary>
public static class ApprovalChallenge
{
    private const string Label = "connexidp-approval-v1";

    public static byte[] Compute(string requestId, byte[] nonce, int? number, ApprovalDecision decision)
    {
        var text = string.Create(CultureInfo.InvariantCulture, $"{Label}|{requestId}|{(number is { } n ? n.ToString(CultureInfo.InvariantCulture) : "-")}|{Name(decision)}|");
        var prefix = Encoding.UTF8.GetBytes(text);
        var input = new byte[prefix.Length + nonce.Length];
        prefix.CopyTo(input, 0);
        nonce.CopyTo(input, prefix.Length);
        return SHA256.HashData(input);
    }

    /// <summary>The decision as the app sends it and as the challenge names it.</summary>
    public static string Name(ApprovalDecision decision) => decision == ApprovalDecision.Approve ? "approve" : "deny";

    public static ApprovalDecision? Parse(string? decision) => decision switch
    {
        "approve" => ApprovalDecision.Approve,
        "deny" => ApprovalDecision.Deny,
        _ => null,
    };
}
