using System.Security.Cryptography.X509Certificates;
using ConnexIdP.Core.Keys;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Server;

namespace ConnexIdP.Server.Oidc;

/// <summary>
/// Loads the token server's keys from the key ring each time its options are built. The active key signs; every loaded
/// key is published, so an announced key is in JWKS before it signs and a replaced one stays until its retention ends.
/// </summary>
internal sealed class KeyRingServerOptions(SigningKeyRing ring) : IConfigureOptions<OpenIddictServerOptions>
{
    public void Configure(OpenIddictServerOptions options)
    {
        // The active key first: OpenIddict signs with the first key and leaves the order of bare keys as given.
        var keys = ring.Usable().OrderBy(k => k.State == SigningKeyState.Active ? 0 : 1).ToList();
        if (keys.Count == 0)
        {
            throw new InvalidOperationException(
                $"No token signing key in '{ring.Directory}'. Create one with 'connexidp keys rotate' (or set Keys:GenerateIfMissing in Development).");
        }

        foreach (var key in keys)
        {
            options.SigningCredentials.Add(SigningCredentialsFor(key));
        }

        options.EncryptionCredentials.Add(new EncryptingCredentials(
            new SymmetricSecurityKey(ring.ReadEncryptionKey()) { KeyId = "enc-1" },
            SecurityAlgorithms.Aes256KW,
            SecurityAlgorithms.Aes256CbcHmacSha512));
    }

    // Keys go to OpenIddict as bare RSA/ECDSA keys (Microsoft.IdentityModel cannot sign ES256 through an X.509 key),
    // which it does not reorder: the first one signs, so the active key is put first.
    private static SigningCredentials SigningCredentialsFor(SigningKey key)
    {
        if (key.Certificate.GetECDsaPrivateKey() is { } ecdsa)
        {
            return new SigningCredentials(new ECDsaSecurityKey(ecdsa) { KeyId = key.KeyId }, SecurityAlgorithms.EcdsaSha256);
        }

        var rsa = key.Certificate.GetRSAPrivateKey()
            ?? throw new InvalidOperationException($"The signing key {key.KeyId} is neither RSA nor ECDSA.");
        return new SigningCredentials(new RsaSecurityKey(rsa) { KeyId = key.KeyId }, SecurityAlgorithms.RsaSha256);
    }
}
