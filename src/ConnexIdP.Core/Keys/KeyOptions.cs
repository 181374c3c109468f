using System.ComponentModel.DataAnnotations;

namespace ConnexIdP.Core.Keys;

/// <summary>Configuration section <c>Keys</c>: where token signing and encryption keys live and how they rotate.</summary>
public sealed class KeyOptions
{
    public const string Section = "Keys";

    /// <summary>Folder of signing keys (one PEM or PFX file each) and of <c>encryption.key</c>; relative to the working directory.</summary>
    [Required]
    public string Directory { get; set; } = "certs/keys";

    public SigningAlgorithm Algorithm { get; set; } = SigningAlgorithm.RS256;

    /// <summary>Create missing keys on start (Development only); elsewhere <c>connexidp keys rotate</c> creates them.</summary>
    public bool GenerateIfMissing { get; set; }

    /// <summary>How long a replaced key stays published and accepted: at least the longest lifetime of a token it signed.</summary>
    public TimeSpan RetainAfterReplacement { get; set; } = TimeSpan.FromDays(31);

    public RotationSection Rotation { get; set; } = new();

    public sealed class RotationSection
    {
        /// <summary>Rotate on a schedule: a next key is published <see cref="AnnounceAhead"/> before it starts signing.</summary>
        public bool Enabled { get; set; }

        public TimeSpan Interval { get; set; } = TimeSpan.FromDays(90);

        public TimeSpan AnnounceAhead { get; set; } = TimeSpan.FromDays(14);
    }
}

public enum SigningAlgorithm
{
    /// <summary>RSASSA-PKCS1-v1_5 with SHA-256 over an RSA-2048 key: what every relying party library accepts.</summary>
    RS256 = 0,

    /// <summary>ECDSA P-256 with SHA-256: about ten times cheaper to sign.</summary>
    ES256 = 1,
}
