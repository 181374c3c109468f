using System.Buffers.Binary;
using System.Buffers.Text;
using System.Formats.Cbor;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ConnexIdP.Testing;

/// <summary>
/// A WebAuthn authenticator in software (one ES256 credential) plus the browser around it: from the options JSON the
/// server hands out it makes the credential JSON a browser would post. What a real browser never lets a page change
/// (origin, RP id hash, user verification, the counter, the credential id) can be changed per answer, so tests can break
/// each verification rule on purpose.
/// </summary>
public sealed class SoftwareAuthenticator : IDisposable
{
    private const byte UserPresent = 0x01;
    private const byte UserVerifiedFlag = 0x04;
    private const byte BackupEligibleFlag = 0x08;
    private const byte AttestedCredentialData = 0x40;

    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    /// <param name="origin">The origin the browser reports (scheme, host and port of the page).</param>
    /// <param name="backupEligible">A synced passkey (BE flag) rather than a device-bound key.</param>
    /// <param name="attestation">A certificate with its private key: attest in the <c>packed</c> format with it (x5c), else <c>none</c>.</param>
    public SoftwareAuthenticator(string origin, bool backupEligible = false, X509Certificate2? attestation = null)
    {
        Origin = origin;
        BackupEligible = backupEligible;
        Attestation = attestation;
    }

    public string Origin { get; }

    public bool BackupEligible { get; }

    public X509Certificate2? Attestation { get; }

    /// <summary>The authenticator model's id (AAGUID), reported at registration.</summary>
    public Guid AaGuid { get; } = Guid.NewGuid();

    public byte[] CredentialId { get; } = RandomNumberGenerator.GetBytes(32);

    /// <summary>The user handle of the registration (the server's <c>user.id</c>), returned with each assertion as a passkey does.</summary>
    public byte[]? UserHandle { get; private set; }

    /// <summary>The counter of the last signature; each assertion first adds one, as a YubiKey does.</summary>
    public uint SignCount { get; private set; }

    /// <summary>
    /// The answer to <c>navigator.credentials.create</c> with <paramref name="optionsJson"/>. With a packed attestation,
    /// <paramref name="x5c"/> replaces the certificate sent (to send a broken one).
    /// </summary>
    public string Register(string optionsJson, string? origin = null, string? rpId = null, bool userVerified = true, byte[]? x5c = null)
    {
        var options = JsonNode.Parse(optionsJson)!;
        UserHandle = Base64Url.DecodeFromChars(options["user"]!["id"]!.GetValue<string>());
        var clientData = ClientData("webauthn.create", options, origin);
        var authenticatorData = AuthenticatorData(rpId ?? options["rp"]!["id"]!.GetValue<string>(), userVerified, SignCount, attested: true);

        var cbor = new CborWriter(CborConformanceMode.Ctap2Canonical);
        cbor.WriteStartMap(3);
        cbor.WriteTextString("fmt");
        cbor.WriteTextString(Attestation is null ? "none" : "packed");
        cbor.WriteTextString("attStmt");
        WriteAttestationStatement(cbor, [.. authenticatorData, .. SHA256.HashData(clientData)], x5c);
        cbor.WriteTextString("authData");
        cbor.WriteByteString(authenticatorData);
        cbor.WriteEndMap();

        return Credential(CredentialId, new JsonObject
        {
            ["attestationObject"] = Base64Url.EncodeToString(cbor.Encode()),
            ["clientDataJSON"] = Base64Url.EncodeToString(clientData),
            ["transports"] = new JsonArray(BackupEligible ? "internal" : "usb"),
        });
    }

    /// <summary>
    /// The answer to <c>navigator.credentials.get</c> with <paramref name="optionsJson"/>, signed by this credential.
    /// <paramref name="signCount"/> replaces the next counter value (and the authenticator remembers it);
    /// <paramref name="credentialId"/> names another credential than this one (still signed with this one's key).
    /// </summary>
    public string Assert(
        string optionsJson,
        string? origin = null,
        string? rpId = null,
        bool userVerified = true,
        uint? signCount = null,
        byte[]? credentialId = null,
        bool userPresent = true,
        bool withUserHandle = true)
    {
        var options = JsonNode.Parse(optionsJson)!;
        SignCount = signCount ?? SignCount + 1;
        var clientData = ClientData("webauthn.get", options, origin);
        var authenticatorData = AuthenticatorData(rpId ?? options["rpId"]!.GetValue<string>(), userVerified, SignCount, attested: false, userPresent);
        var signature = _key.SignData([.. authenticatorData, .. SHA256.HashData(clientData)], HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);

        var response = new JsonObject
        {
            ["authenticatorData"] = Base64Url.EncodeToString(authenticatorData),
            ["signature"] = Base64Url.EncodeToString(signature),
            ["clientDataJSON"] = Base64Url.EncodeToString(clientData),
        };
        if (UserHandle is not null && withUserHandle)
        {
            response["userHandle"] = Base64Url.EncodeToString(UserHandle);
        }

        return Credential(credentialId ?? CredentialId, response);
    }

    public void Dispose() => _key.Dispose();

    private static string Credential(byte[] id, JsonObject response) => new JsonObject
    {
        ["id"] = Base64Url.EncodeToString(id),
        ["rawId"] = Base64Url.EncodeToString(id),
        ["type"] = "public-key",
        ["response"] = response,
        ["clientExtensionResults"] = new JsonObject(),
    }.ToJsonString();

    private byte[] ClientData(string type, JsonNode options, string? origin) => JsonSerializer.SerializeToUtf8Bytes(new
    {
        type,
        challenge = options["challenge"]!.GetValue<string>(),
        origin = origin ?? Origin,
        crossOrigin = false,
    });

    // WebAuthn §6.1: rpIdHash | flags | signCount (big-endian) | attested credential data (aaguid | id length | id | COSE key).
    private byte[] AuthenticatorData(string rpId, bool userVerified, uint signCount, bool attested, bool userPresent = true)
    {
        var flags = (byte)((userPresent ? UserPresent : 0) | (userVerified ? UserVerifiedFlag : 0) | (BackupEligible ? BackupEligibleFlag : 0) | (attested ? AttestedCredentialData : 0));
        var data = new List<byte>(SHA256.HashData(Encoding.UTF8.GetBytes(rpId))) { flags };
        var counter = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(counter, signCount);
        data.AddRange(counter);
        if (attested)
        {
            data.AddRange(AaGuid.ToByteArray(bigEndian: true));
            var length = new byte[2];
            BinaryPrimitives.WriteUInt16BigEndian(length, (ushort)CredentialId.Length);
            data.AddRange(length);
            data.AddRange(CredentialId);
            data.AddRange(CosePublicKey());
        }

        return [.. data];
    }

    // RFC 9053: an EC2 key (kty 2) for ES256 (alg -7) on P-256 (crv 1).
    private byte[] CosePublicKey()
    {
        var point = _key.ExportParameters(includePrivateParameters: false).Q;
        var cbor = new CborWriter(CborConformanceMode.Ctap2Canonical);
        cbor.WriteStartMap(5);
        cbor.WriteInt32(1);
        cbor.WriteInt32(2);
        cbor.WriteInt32(3);
        cbor.WriteInt32(-7);
        cbor.WriteInt32(-1);
        cbor.WriteInt32(1);
        cbor.WriteInt32(-2);
        cbor.WriteByteString(point.X!);
        cbor.WriteInt32(-3);
        cbor.WriteByteString(point.Y!);
        cbor.WriteEndMap();
        return cbor.Encode();
    }

    // none: an empty map. packed with x5c (WebAuthn §8.2): alg, the attestation key's signature over authData | clientDataHash, the chain.
    private void WriteAttestationStatement(CborWriter cbor, byte[] signedData, byte[]? x5c)
    {
        if (Attestation is null)
        {
            cbor.WriteStartMap(0);
            cbor.WriteEndMap();
            return;
        }

        using var attestationKey = Attestation.GetECDsaPrivateKey() ?? throw new InvalidOperationException("The attestation certificate needs an EC private key.");
        cbor.WriteStartMap(3);
        cbor.WriteTextString("alg");
        cbor.WriteInt32(-7);
        cbor.WriteTextString("sig");
        cbor.WriteByteString(attestationKey.SignData(signedData, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));
        cbor.WriteTextString("x5c");
        cbor.WriteStartArray(1);
        cbor.WriteByteString(x5c ?? Attestation.RawData);
        cbor.WriteEndArray();
        cbor.WriteEndMap();
    }
}
