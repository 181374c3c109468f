namespace ConnexIdP.Core.Certificates;

/// <summary>Where a certificate stands in its validity period, judged against an operator's renewal margin.</summary>
public enum CertificateStanding
{
    Valid,

    /// <summary>Still valid, but for less than the margin: its renewal has not happened when it should have.</summary>
    ExpiringSoon,

    Expired,

    NotYetValid,
}
