using ConnexIdP.Core.SecondFactors;

namespace ConnexIdP.Tests.SecondFactors;

public sealed class AuthenticationLevelsTests
{
    [Theory]
    [InlineData("urn:connexidp:acr:mfa", true)]
    [InlineData("http://schemas.openid.net/pape/policies/2007/06/multi-factor", true)]
    [InlineData("unknown-level urn:connexidp:acr:mfa", true)]
    [InlineData("urn:connexidp:acr:mfa urn:connexidp:acr:pwd", false)]
    [InlineData("urn:connexidp:acr:pwd", false)]
    [InlineData("unknown-level", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void Acr_values_require_a_second_factor_only_when_every_known_level_is_multi_factor(string? acrValues, bool required) =>
        Assert.Equal(required, AuthenticationLevels.RequestsMultiFactor(acrValues));
}
