using System.Formats.Cbor;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ConnexIdP.Core.Tokens;
using Fido2NetLib;
using Fido2NetLib.Exceptions;
using Fido2NetLib.Objects;
using Microsoft.Extensions.Options;

namespace ConnexIdP.Core.SecondFactors;

/// <summary>
/// This server as a WebAuthn relying party: its id and origins (from <c>SecondFactors:WebAuthn</c>, else from
/// <c>Tokens:Issuer</c>), the Fido2 verifier configured with them, and the attestation roots a key must chain to when
/// <c>RequireTrustedAttestation</c> is on. No metadata service is consulted: nothing is fetched at run time.
/// </summary>
public sealed class WebAuthnRelyingParty
{
    public WebAuthnRelyingParty(IOptions<SecondFactorOptions> options, IOptions<TokenOptions> tokens)
    {
        var settings = options.Value.WebAuthn;
        var issuer = tokens.Value.Issuer;
        Id = settings.RelyingPartyId ?? issuer?.Host ?? "localhost";
        Origins = settings.Origins.Count > 0
            ? [.. settings.Origins]
            : issuer is null ? [] : [issuer.GetLeftPart(UriPartial.Authority)];
        Fido2 = new Fido2(new Fido2Configuration
        {
            RPID = Id,
            RPName = settings.RelyingPartyName,
            Origins = new HashSet<string>(Origins, StringComparer.OrdinalIgnoreCase),
            Timeout = (uint)settings.ChallengeLifetime.TotalMilliseconds,
            ChallengeSize = 32,
        });
        RequireTrustedAttestation = settings.RequireTrustedAttestation;
        TrustedRoots = settings.RequireTrustedAttestation ? LoadRoots(settings.TrustedRootsPath) : [];
    }

    public string Id { get; }

    public IReadOnlyList<string> Origins { get; }

    public IFido2 Fido2 { get; }

    public bool RequireTrustedAttestation { get; }

    public IReadOnlyList<X509Certificate2> TrustedRoots { get; }

    /// <summary>
    /// Checks a new credential against the options it answers (<paramref name="optionsJson"/>) with Fido2; the credential
    /// id must be new to the system (<paramref name="isNew"/>). Null and the reason when it is refused.
    /// </summary>
    public async Task<(RegisteredPublicKeyCredential? Credential, string? Refusal)> VerifyRegistrationAsync(
        AuthenticatorAttestationRawResponse answer, string optionsJson, Func<byte[], CancellationToken, Task<bool>> isNew, CancellationToken cancellationToken)
    {
        try
        {
            return (await Fido2.MakeNewCredentialAsync(new MakeNewCredentialParams
            {
                AttestationResponse = answer,
                OriginalOptions = CredentialCreateOptions.FromJson(optionsJson),
                IsCredentialIdUniqueToUserCallback = (candidate, token) => isNew(candidate.CredentialId, token),
            }, cancellationToken), null);
        }
        catch (Fido2VerificationException e)
        {
            return (null, Describe(e));
        }
    }

    /// <summary>
    /// Checks an assertion of a stored credential against <paramref name="options"/> with Fido2: origin, RP id hash,
    /// challenge, signature, user presence, user verification as asked, the user handle when one is sent, and a sign
    /// counter that moved forward (a counter of 0 after counting went backwards too).
    /// </summary>
    public async Task<WebAuthnAssertionCheck> VerifyAssertionAsync(
        AuthenticatorAssertionRawResponse answer, AssertionOptions options, byte[] publicKey, long storedCount, byte[] userHandle, CancellationToken cancellationToken)
    {
        try
        {
            var verified = await Fido2.MakeAssertionAsync(new MakeAssertionParams
            {
                AssertionResponse = answer,
                OriginalOptions = options,
                StoredPublicKey = publicKey,
                StoredSignatureCounter = (uint)storedCount,
                IsUserHandleOwnerOfCredentialIdCallback = (owner, _) => Task.FromResult(owner.UserHandle.AsSpan().SequenceEqual(userHandle)),
            }, cancellationToken);

            // Fido2 only compares non-zero counters.
            return storedCount > 0 && verified.SignCount == 0
                ? WebAuthnAssertionCheck.Regressed
                : new WebAuthnAssertionCheck(null, verified.SignCount, UserVerified(answer.Response.AuthenticatorData), false);
        }
        catch (Fido2VerificationException e) when (e.Code == Fido2ErrorCode.InvalidSignCount)
        {
            return WebAuthnAssertionCheck.Regressed;
        }
        catch (Fido2VerificationException e)
        {
            return new WebAuthnAssertionCheck(Describe(e), 0, false, false);
        }
    }

    /// <summary>
    /// Whether an attestation object's certificate chain (<c>attStmt.x5c</c>, whose signature Fido2 has already checked)
    /// leads to one of <see cref="TrustedRoots"/> at <paramref name="now"/>. Self attestation and <c>none</c> never do.
    /// </summary>
    public bool IsTrustedAttestation(byte[] attestationObject, DateTimeOffset now)
    {
        var certificates = ReadCertificateChain(attestationObject);
        if (certificates.Count == 0)
        {
            return false;
        }

        try
        {
            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            chain.ChainPolicy.VerificationTime = now.UtcDateTime;
            chain.ChainPolicy.CustomTrustStore.AddRange(TrustedRoots.ToArray());
            chain.ChainPolicy.ExtraStore.AddRange(certificates.Skip(1).ToArray());
            return chain.Build(certificates[0]);
        }
        finally
        {
            foreach (var certificate in certificates)
            {
                certificate.Dispose();
            }
        }
    }

    // Flags byte after the 32-byte RP id hash; bit 2 is UV (WebAuthn §6.1).
    private static bool UserVerified(byte[] authenticatorData) => authenticatorData.Length > 32 && (authenticatorData[32] & 0x04) != 0;

    // Fido2's messages name the failed check (origin, RP id hash, signature...) and carry no secret.
    private static string Describe(Fido2VerificationException e) => "The security key's answer was refused: " + e.Message;

    private static List<X509Certificate2> ReadCertificateChain(byte[] attestationObject)
    {
        var certificates = new List<X509Certificate2>();
        try
        {
            var reader = new CborReader(attestationObject);
            var entries = reader.ReadStartMap();
            for (var i = 0; i < entries; i++)
            {
                if (reader.ReadTextString() != "attStmt")
                {
                    reader.SkipValue();
                    continue;
                }

                var statement = reader.ReadStartMap();
                for (var j = 0; j < statement; j++)
                {
                    if (reader.ReadTextString() != "x5c")
                    {
                        reader.SkipValue();
                        continue;
                    }

                    var count = reader.ReadStartArray();
                    for (var k = 0; k < count; k++)
                    {
                        certificates.Add(X509CertificateLoader.LoadCertificate(reader.ReadByteString()));
                    }

                    reader.ReadEndArray();
                }

                reader.ReadEndMap();
            }
        }
        catch (Exception e) when (e is CborContentException or InvalidOperationException or CryptographicException)
        {
            foreach (var certificate in certificates)
            {
                certificate.Dispose();
            }

            return [];
        }

        return certificates;
    }

    private static List<X509Certificate2> LoadRoots(string path)
    {
        if (!Directory.Exists(path))
        {
            throw new InvalidOperationException($"SecondFactors:WebAuthn:TrustedRootsPath '{path}' is not a folder; RequireTrustedAttestation needs the vendors' root certificates there (PEM).");
        }

        var roots = new List<X509Certificate2>();
        foreach (var file in Directory.EnumerateFiles(path, "*.pem").Order(StringComparer.Ordinal))
        {
            var collection = new X509Certificate2Collection();
            collection.ImportFromPemFile(file);
            roots.AddRange(collection);
        }

        return roots.Count > 0
            ? roots
            : throw new InvalidOperationException($"SecondFactors:WebAuthn:TrustedRootsPath '{path}' holds no PEM certificate; RequireTrustedAttestation would refuse every key.");
    }
}
