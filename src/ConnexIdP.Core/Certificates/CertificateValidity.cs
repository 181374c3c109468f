namespace ConnexIdP.Core.Certificates;

/// <summary>
/// The validity period of a certificate the server presents, and the decision whether it still stands: short-lived
/// certificates are replaced well before they expire, so one that comes within the margin of its end means renewal failed.
/// </summary>
public sealed record CertificateValidity(DateTimeOffset NotBefore, DateTimeOffset NotAfter)
{
    public CertificateStanding StandingAt(DateTimeOffset now, TimeSpan margin) =>
        now < NotBefore ? CertificateStanding.NotYetValid
        : now >= NotAfter ? CertificateStanding.Expired
        : NotAfter - now <= margin ? CertificateStanding.ExpiringSoon
        : CertificateStanding.Valid;
}
