namespace ConnexIdP.IntegrationTests.Transport;

/// <summary>The handshake, browser-hardening and testssl tests share one <see cref="TransportServer"/>: none of them changes it.</summary>
[CollectionDefinition(Name)]
public sealed class TransportServerCollection : ICollectionFixture<TransportServer>
{
    public const string Name = "transport server";
}
