using System.ComponentModel.DataAnnotations;
using Fido2NetLib.Objects;

namespace ConnexIdP.Core.SecondFactors;

/// <summary>Settings of security keys and passkeys, section <c>SecondFactors:WebAuthn</c>.</summary>
public sealed class WebAuthnOptions
{
    /// <summary>The relying party id (a registrable domain of the server's host); default: the host of <c>Tokens:Issuer</c>.</summary>
    public string? RelyingPartyId { get; set; }

    [Required, StringLength(64, MinimumLength = 1)]
    public string RelyingPartyName { get; set; } = "ConnexIdP";

    /// <summary>Origins a ceremony may come from (scheme, host and port); default: the origin of <c>Tokens:Issuer</c>.</summary>
    public List<string> Origins { get; set; } = [];

    /// <summary>User verification asked of a key used as the second factor; passkey sign-ins always require it.</summary>
    public UserVerificationRequirement UserVerification { get; set; } = UserVerificationRequirement.Preferred;

    /// <summary>Accept only keys whose attestation chains to a certificate in <see cref="TrustedRootsPath"/> (for example YubiKeys only).</summary>
    public bool RequireTrustedAttestation { get; set; }

    /// <summary>A folder of PEM root certificates of authenticator vendors, shipped under <c>certs/</c>; read at start-up, never fetched.</summary>
    public string TrustedRootsPath { get; set; } = "certs/webauthn-roots";

    [Range(typeof(TimeSpan), "00:00:30", "00:30:00")]
    public TimeSpan ChallengeLifetime { get; set; } = TimeSpan.FromMinutes(5);

    [Range(1, 50)]
    public int MaximumPerAccount { get; set; } = 10;

    /// <summary>Passkey sign-in starts and answers one source (IPv4 address, IPv6 /64) may make per minute.</summary>
    [Range(2, 10_000)]
    public int PasskeyAttemptsPerMinute { get; set; } = 30;
}
