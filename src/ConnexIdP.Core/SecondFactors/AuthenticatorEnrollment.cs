namespace ConnexIdP.Core.SecondFactors;

/// <summary>
/// What a person needs to add an authenticator app: the <c>otpauth://</c> URI (shown as a QR code) and the same
/// secret as base32 for typing. Shown during enrollment only; <see cref="ToString"/> never prints the secret.
/// </summary>
public sealed record AuthenticatorEnrollment(string Id, string Name, string Secret, string Uri)
{
    /// <summary>The secret in groups of four characters, as people type it.</summary>
    public string GroupedSecret => string.Join(' ', Secret.Chunk(4).Select(group => new string(group)));

    public override string ToString() => $"AuthenticatorEnrollment {Id}";
}
