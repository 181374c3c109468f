using ConnexIdP.Core.Keys;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Server;

namespace ConnexIdP.Server.Oidc;

/// <summary>
/// Loads the token server's keys from the key ring each time its options are built. OpenIddict signs with the valid
/// certificate that expires last (the newest active key) and publishes every loaded key, so an announced key is in
/// JWKS before it signs and a replaced one stays until its retention ends.
/// </summary>
internal sealed class KeyRingServerOptions(SigningKeyRing ring) : IConfigureOptions<OpenIddictServerOptions>
{
    public void Configure(OpenIddictServerOptions options)
    {
        var keys = ring.Usable();
        if (keys.Count == 0)
        {
            throw new InvalidOperationException(
                $"No token signing key in '{ring.Directory}'. Create one with 'connexidp keys rotate' (or set Keys:GenerateIfMissing in Development).");
        }

        foreach (var key in keys)
        {
            var securityKey = new X509SecurityKey(key.Certificate, key.KeyId);
            var algorithm = System.Security.Cryptography.X509Certificates.ECDsaCertificateExtensions.GetECDsaPublicKey(key.Certificate) is not null ? SecurityAlgorithms.EcdsaSha256 : SecurityAlgorithms.RsaSha256;
            options.SigningCredentials.Add(new SigningCredentials(securityKey, algorithm));
        }

        options.EncryptionCredentials.Add(new EncryptingCredentials(
            new SymmetricSecurityKey(ring.ReadEncryptionKey()) { KeyId = "enc-1" },
            SecurityAlgorithms.Aes256KW,
            SecurityAlgorithms.Aes256CbcHmacSha512));
    }
}
