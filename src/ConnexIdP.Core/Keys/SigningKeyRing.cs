using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ConnexIdP.Core.Keys;

/// <summary>
/// The token keys on disk. Each signing key is a certificate whose NotBefore is the moment it starts signing, so a
/// next key can be published in JWKS ahead of use; a replaced key stays published until its tokens have expired.
/// The symmetric key that encrypts authorization codes and refresh tokens sits beside them in <c>encryption.key</c>.
/// </summary>
public sealed partial class SigningKeyRing(IOptions<KeyOptions> options, TimeProvider clock, ILogger<SigningKeyRing> logger)
{
    public const string EncryptionKeyFile = "encryption.key";
    private const string LockFile = ".rotation.lock";
    private readonly KeyOptions _options = options.Value;
    private readonly Dictionary<string, (DateTime Modified, X509Certificate2 Certificate)> _loaded = new(StringComparer.Ordinal);

    public string Directory => Path.GetFullPath(_options.Directory);

    /// <summary>Every key on disk with its state at the current time, oldest first.</summary>
    public IReadOnlyList<SigningKey> List()
    {
        if (!System.IO.Directory.Exists(Directory))
        {
            return [];
        }

        var loaded = new List<(string Path, X509Certificate2 Certificate)>();
        lock (_loaded)
        {
            var present = new HashSet<string>(StringComparer.Ordinal);
            foreach (var path in System.IO.Directory.EnumerateFiles(Directory).Order(StringComparer.Ordinal))
            {
                if (Path.GetExtension(path) is not (".pem" or ".pfx"))
                {
                    continue;
                }

                present.Add(path);
                loaded.Add((path, Load(path)));
            }

            foreach (var gone in _loaded.Keys.Where(p => !present.Contains(p)).ToList())
            {
                _loaded.Remove(gone);
            }
        }

        var now = clock.GetUtcNow();
        var ordered = loaded.OrderBy(k => k.Certificate.NotBefore).ToList();
        var activeIndex = ordered.FindLastIndex(k => new DateTimeOffset(k.Certificate.NotBefore.ToUniversalTime()) <= now);
        var keys = new List<SigningKey>(ordered.Count);
        for (var i = 0; i < ordered.Count; i++)
        {
            var (path, certificate) = ordered[i];
            var activates = new DateTimeOffset(certificate.NotBefore.ToUniversalTime());
            DateTimeOffset? retires = i + 1 < ordered.Count
                ? new DateTimeOffset(ordered[i + 1].Certificate.NotBefore.ToUniversalTime()) + _options.RetainAfterReplacement
                : null;
            var state = i > activeIndex ? SigningKeyState.Announced
                : i == activeIndex ? SigningKeyState.Active
                : retires <= now ? SigningKeyState.Retired
                : SigningKeyState.Previous;
            keys.Add(new SigningKey(certificate.Thumbprint, path, certificate, activates, state, retires));
        }

        return keys;
    }

    // A key file is parsed once and kept while its modification time is unchanged: the server checks the ring every
    // few seconds, and the certificates handed to the token server must stay alive as long as they are in use.
    private X509Certificate2 Load(string path)
    {
        var modified = File.GetLastWriteTimeUtc(path);
        if (_loaded.TryGetValue(path, out var cached) && cached.Modified == modified)
        {
            return cached.Certificate;
        }

        var certificate = Path.GetExtension(path) == ".pem"
            ? X509Certificate2.CreateFromPemFile(path, path)
            : X509CertificateLoader.LoadPkcs12FromFile(path, password: null);
        if (!certificate.HasPrivateKey)
        {
            certificate.Dispose();
            throw new InvalidOperationException($"The signing key file '{path}' holds no private key.");
        }

        _loaded[path] = (modified, certificate);
        return certificate;
    }

    /// <summary>The keys to load into the token server: active, announced and previous.</summary>
    public IReadOnlyList<SigningKey> Usable() => [.. List().Where(k => k.State != SigningKeyState.Retired)];

    /// <summary>The next moment at which a key changes state, so the server can reload its keys then.</summary>
    public DateTimeOffset? NextTransition()
    {
        var now = clock.GetUtcNow();
        return List()
            .SelectMany(k => new[] { k.ActivatesAt, k.RetiresAt ?? DateTimeOffset.MaxValue })
            .Where(t => t > now && t != DateTimeOffset.MaxValue)
            .Order()
            .Cast<DateTimeOffset?>()
            .FirstOrDefault();
    }

    /// <summary>
    /// Publishes a new key that starts signing after <paramref name="activateIn"/> (the first key of an empty ring
    /// starts at once), and deletes keys past their retention. Safe against two processes rotating at once.
    /// </summary>
    public SigningKey Rotate(TimeSpan activateIn)
    {
        System.IO.Directory.CreateDirectory(Directory);
        using var _ = AcquireLock();
        var existing = List();
        foreach (var retired in existing.Where(k => k.State == SigningKeyState.Retired))
        {
            File.Delete(retired.Path);
            LogRetired(logger, retired.KeyId);
        }

        var now = clock.GetUtcNow();
        var activates = existing.Count == 0 ? now.AddMinutes(-5) : now + activateIn;
        var key = Create(activates);
        LogCreated(logger, key.KeyId, activates);
        return key;
    }

    /// <summary>Creates the first signing key and the encryption key if missing; used on Development start-up.</summary>
    public void EnsureKeys()
    {
        if (List().All(k => k.State == SigningKeyState.Retired))
        {
            Rotate(TimeSpan.Zero);
        }

        EnsureEncryptionKey();
    }

    /// <summary>Scheduled rotation: when the active key is due for replacement and nothing is announced yet, announce its successor.</summary>
    public SigningKey? RotateIfDue()
    {
        var rotation = _options.Rotation;
        if (!rotation.Enabled)
        {
            return null;
        }

        var keys = List();
        var active = keys.LastOrDefault(k => k.State == SigningKeyState.Active);
        if (active is null || keys.Any(k => k.State == SigningKeyState.Announced))
        {
            return null;
        }

        var now = clock.GetUtcNow();
        var replaceAt = active.ActivatesAt + rotation.Interval;
        if (now < replaceAt - rotation.AnnounceAhead)
        {
            return null;
        }

        var wait = replaceAt - now;
        return Rotate(wait < TimeSpan.Zero ? TimeSpan.Zero : wait);
    }

    public byte[] ReadEncryptionKey()
    {
        var path = Path.Combine(Directory, EncryptionKeyFile);
        if (!File.Exists(path))
        {
            throw new InvalidOperationException(
                $"No token encryption key at '{path}'. Create the keys with 'connexidp keys rotate', or set Keys:GenerateIfMissing in Development.");
        }

        var key = Convert.FromBase64String(File.ReadAllText(path).Trim());
        return key.Length == 32 ? key : throw new InvalidOperationException($"'{path}' must hold 32 bytes in base64.");
    }

    public void EnsureEncryptionKey()
    {
        System.IO.Directory.CreateDirectory(Directory);
        var path = Path.Combine(Directory, EncryptionKeyFile);
        if (!File.Exists(path))
        {
            WriteSecretFile(path, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        }
    }

    /// <summary>Writes a file readable by its owner only; refuses to overwrite.</summary>
    public static void WriteSecretFile(string path, string content)
    {
        var streamOptions = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            streamOptions.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using var stream = new FileStream(path, streamOptions);
        using var writer = new StreamWriter(stream);
        writer.Write(content);
        writer.Flush();
        stream.Flush(flushToDisk: true);
    }

    private SigningKey Create(DateTimeOffset activatesAt)
    {
        using var certificate = _options.Algorithm == SigningAlgorithm.ES256 ? CreateEcdsa(activatesAt) : CreateRsa(activatesAt);
        var name = string.Create(CultureInfo.InvariantCulture, $"signing-{activatesAt:yyyyMMddTHHmmssZ}-{certificate.Thumbprint[..8].ToLowerInvariant()}.pem");
        var path = Path.Combine(Directory, name);
        var privateKey = _options.Algorithm == SigningAlgorithm.ES256
            ? certificate.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem()
            : certificate.GetRSAPrivateKey()!.ExportPkcs8PrivateKeyPem();
        WriteSecretFile(path, certificate.ExportCertificatePem() + "\n" + privateKey + "\n");
        return List().Single(k => k.Path == path);
    }

    private static X509Certificate2 CreateRsa(DateTimeOffset activatesAt)
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=ConnexIdP token signing", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return SelfSign(request, activatesAt);
    }

    private static X509Certificate2 CreateEcdsa(DateTimeOffset activatesAt)
    {
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=ConnexIdP token signing", ecdsa, HashAlgorithmName.SHA256);
        return SelfSign(request, activatesAt);
    }

    // The certificate only carries the key and its activation time (NotBefore); nothing validates it as a certificate.
    private static X509Certificate2 SelfSign(CertificateRequest request, DateTimeOffset activatesAt)
    {
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        var notBefore = new DateTimeOffset(activatesAt.UtcDateTime.Ticks - (activatesAt.UtcDateTime.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
        return request.CreateSelfSigned(notBefore, notBefore.AddYears(20));
    }

    private FileStream AcquireLock()
    {
        var path = Path.Combine(Directory, LockFile);
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
            }
            catch (IOException) when (attempt < 50)
            {
                Task.Delay(100).GetAwaiter().GetResult();
            }
        }
    }

    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Signing key {KeyId} created; it signs from {ActivatesAt:u}")]
    private static partial void LogCreated(ILogger logger, string keyId, DateTimeOffset activatesAt);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Information, Message = "Signing key {KeyId} retired and deleted")]
    private static partial void LogRetired(ILogger logger, string keyId);
}
