using System.Net.Security;
using System.Runtime.Versioning;

namespace ConnexIdP.Server.Hosting.Transport;

/// <summary>
/// Mozilla's "intermediate" suites without DHE: on TLS 1.2 only ECDHE key exchange (forward secrecy) with AEAD ciphers;
/// TLS 1.3 suites are all forward-secret AEAD. Only Linux (OpenSSL) lets .NET restrict suites; elsewhere the
/// operating system's policy applies.
/// </summary>
internal static class TlsCipherSuites
{
    [SupportedOSPlatform("linux")]
    public static CipherSuitesPolicy ForwardSecretAead() => new(
    [
        TlsCipherSuite.TLS_AES_128_GCM_SHA256,
        TlsCipherSuite.TLS_AES_256_GCM_SHA384,
        TlsCipherSuite.TLS_CHACHA20_POLY1305_SHA256,
        TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
        TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
        TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
        TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
        TlsCipherSuite.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
    ]);
}
