namespace ConnexIdP.Core.Hosting;

/// <summary>
/// Section <c>DataProtection</c>: the certificate that encrypts the Data Protection key ring stored in the database
/// (which in turn encrypts TOTP secrets and cookies), so a copy of the database alone cannot decrypt them.
/// </summary>
public sealed class KeyRingProtectionOptions
{
    public const string Section = "DataProtection";

    /// <summary>The current certificate (RSA, PEM); new keys are encrypted to it. Required outside Development and Testing.</summary>
    public CertificateFiles? Certificate { get; set; }

    /// <summary>Certificates keys were encrypted to before (kept to decrypt them after the certificate was replaced).</summary>
    public List<CertificateFiles> PreviousCertificates { get; set; } = [];
}

/// <summary>A PEM certificate and its private key (in the same file when <see cref="KeyPath"/> is not set).</summary>
public sealed class CertificateFiles
{
    public string? Path { get; set; }

    public string? KeyPath { get; set; }
}
