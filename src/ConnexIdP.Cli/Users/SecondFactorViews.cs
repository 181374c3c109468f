using ConnexIdP.Core.SecondFactors;
using ConnexIdP.Core.SecondFactors.PushApproval;

namespace ConnexIdP.Cli.Users;

/// <summary>An authenticator app as the CLI lists it: never its secret.</summary>
internal sealed record AuthenticatorAppView(string Id, string Name, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt)
{
    public static AuthenticatorAppView From(AuthenticatorApp app) => new(app.Id, app.Name, app.CreatedAt, app.LastUsedAt);
}

/// <summary>A security key or passkey as the CLI lists it: never its credential or public key.</summary>
internal sealed record SecurityKeyView(string Id, string Name, bool Passkey, string? Transports, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt)
{
    public static SecurityKeyView From(SecurityKey key) => new(key.Id, key.Name, key.IsBackupEligible, key.Transports, key.CreatedAt, key.LastUsedAt);
}

/// <summary>A phone that approves sign-ins (ConnexIdP Approve).</summary>
internal sealed record ApprovalPhoneView(string Id, string Name, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt)
{
    public static ApprovalPhoneView From(ApprovalDevice device) => new(device.Id, device.Name, device.CreatedAt, device.LastUsedAt);
}

/// <summary>The second factors of an account, and until when push approval is suspended for it (when it is).</summary>
internal sealed record SecondFactorsView(
    string Email,
    bool Required,
    IReadOnlyList<AuthenticatorAppView> AuthenticatorApps,
    IReadOnlyList<SecurityKeyView> SecurityKeys,
    IReadOnlyList<ApprovalPhoneView> Phones,
    int RecoveryCodesRemaining,
    DateTimeOffset? PushSuspendedUntil);

/// <summary>A replacement authenticator to hand over once: its secret and <c>otpauth://</c> URI, and recovery codes when it is the first factor.</summary>
internal sealed record AddedAuthenticatorView(string Email, string Id, string Name, string Secret, string Uri, IReadOnlyList<string>? RecoveryCodes);

/// <summary>A new set of recovery codes to hand over once.</summary>
internal sealed record RecoveryCodesView(string Email, IReadOnlyList<string> RecoveryCodes);
