using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ConnexIdP.Testing;

/// <summary>
/// An authenticator vendor's attestation root for tests: it issues attestation certificates as the FIDO "packed" format
/// asks (version 3, OU "Authenticator Attestation", not a CA) and writes its root as PEM for
/// <c>SecondFactors:WebAuthn:TrustedRootsPath</c>. Times are the real clock's: Fido2 checks the leaf's validity on it.
/// </summary>
public sealed class TestAttestationCa : IDisposable
{
    private readonly ECDsa _rootKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public TestAttestationCa(string name)
    {
        var request = new CertificateRequest($"CN={name} Root, O={name}, C=SE", _rootKey, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        var now = TimeProvider.System.GetUtcNow();
        Root = request.CreateSelfSigned(now.AddDays(-1), now.AddYears(1));
        Name = name;
    }

    public string Name { get; }

    public X509Certificate2 Root { get; }

    /// <summary>A new attestation certificate, with its private key, for one authenticator model.</summary>
    public X509Certificate2 IssueAttestationCertificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={Name} Key, OU=Authenticator Attestation, O={Name}, C=SE", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: false, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Root, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        var now = TimeProvider.System.GetUtcNow();
        using var issued = request.Create(Root, now.AddHours(-1), now.AddMonths(6), RandomNumberGenerator.GetBytes(16));
        return issued.CopyWithPrivateKey(key);
    }

    /// <summary>Writes the root as <c>root.pem</c> into a new folder and returns the folder.</summary>
    public string WriteRootFolder(string parent)
    {
        var folder = Directory.CreateDirectory(Path.Combine(parent, "webauthn-roots-" + Guid.NewGuid().ToString("N"))).FullName;
        File.WriteAllText(Path.Combine(folder, "root.pem"), Root.ExportCertificatePem());
        return folder;
    }

    public void Dispose()
    {
        Root.Dispose();
        _rootKey.Dispose();
    }
}
