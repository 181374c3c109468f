namespace ConnexIdP.IntegrationTests.Transport;

/// <summary>The renewal tests load their server with requests; like <see cref="TransportServerCollection"/> they run apart from timing-sensitive tests.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class CertificateRenewalCollection
{
    public const string Name = "certificate renewal under load";
}
