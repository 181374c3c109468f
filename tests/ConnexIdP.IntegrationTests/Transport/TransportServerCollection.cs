namespace ConnexIdP.IntegrationTests.Transport;

/// <summary>
/// The handshake, browser-hardening and testssl tests share one <see cref="TransportServer"/> (none of them changes it).
/// They run apart from the rest of the suite: the cipher-by-cipher handshakes and the testssl scan spawn hundreds of
/// openssl processes, which on two cores would starve the tests that measure sign-in backoff in real time.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TransportServerCollection : ICollectionFixture<TransportServer>
{
    public const string Name = "transport server";
}
