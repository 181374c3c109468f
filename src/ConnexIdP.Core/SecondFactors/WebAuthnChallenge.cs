namespace ConnexIdP.Core.SecondFactors;

/// <summary>
/// A WebAuthn ceremony in progress: the options sent to the browser (their challenge included), stored server-side so
/// any server can finish it, single-use (deleted when it is answered) and expiring.
/// </summary>
public sealed class WebAuthnChallenge
{
    public required string Id { get; init; }

    /// <summary>Null for a passkey sign-in, which starts before anyone is known.</summary>
    public string? AccountId { get; init; }

    public WebAuthnCeremony Ceremony { get; init; }

    /// <summary>Fido2's options as JSON (<c>CredentialCreateOptions</c> or <c>AssertionOptions</c>).</summary>
    public required string Options { get; init; }

    /// <summary>For a registration: the name the person gave the key.</summary>
    public string? KeyName { get; init; }

    public DateTimeOffset ExpiresAt { get; init; }
}

public enum WebAuthnCeremony
{
    Registration,

    /// <summary>A key as the second factor of a known account.</summary>
    SecondFactor,

    /// <summary>A passkey (discoverable credential with user verification) as the whole sign-in.</summary>
    Passkey,

    /// <summary>A phone registering its credential for push approval.</summary>
    ApprovalDevice,

    /// <summary>A registered phone opening the approval app.</summary>
    ApprovalSession,
}
