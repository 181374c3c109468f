using ConnexIdP.Core.Certificates;

namespace ConnexIdP.Tests.Certificates;

public sealed class CertificateValidityTests
{
    private static readonly DateTimeOffset Issued = new(2026, 11, 26, 0, 0, 0, TimeSpan.Zero);
    private static readonly CertificateValidity Day = new(Issued, Issued.AddHours(24));
    private static readonly TimeSpan Margin = TimeSpan.FromHours(6);

    [Theory]
    [InlineData(-1, CertificateStanding.NotYetValid)]
    [InlineData(0, CertificateStanding.Valid)]
    [InlineData(17, CertificateStanding.Valid)]
    [InlineData(18, CertificateStanding.ExpiringSoon)]
    [InlineData(23, CertificateStanding.ExpiringSoon)]
    [InlineData(24, CertificateStanding.Expired)]
    [InlineData(48, CertificateStanding.Expired)]
    public void A_day_long_certificate_stands_by_the_hour(int hoursAfterIssue, CertificateStanding expected) =>
        Assert.Equal(expected, Day.StandingAt(Issued.AddHours(hoursAfterIssue), Margin));

    [Fact]
    public void With_no_margin_a_certificate_is_valid_until_its_last_moment() =>
        Assert.Equal(CertificateStanding.Valid, Day.StandingAt(Issued.AddHours(24).AddTicks(-1), TimeSpan.Zero));
}
