using ConnexIdP.Core.SecondFactors.PushApproval;

namespace ConnexIdP.Core.SecondFactors;

/// <summary>The second factors of an account and whether it must have one.</summary>
public sealed record SecondFactorStatus(
    IReadOnlyList<AuthenticatorApp> AuthenticatorApps,
    IReadOnlyList<SecurityKey> SecurityKeys,
    IReadOnlyList<ApprovalDevice> ApprovalDevices,
    int RecoveryCodesRemaining,
    bool Required)
{
    /// <summary>Factors that can finish a sign-in on their own after the password (recovery codes are a fallback, not a factor).</summary>
    public int FactorCount => AuthenticatorApps.Count + SecurityKeys.Count + ApprovalDevices.Count;

    public bool HasFactor => FactorCount > 0;

    /// <summary>The account must enroll before it can sign in.</summary>
    public bool MustEnroll => Required && !HasFactor;
}
