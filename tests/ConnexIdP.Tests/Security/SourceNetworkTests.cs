using System.Net;
using ConnexIdP.Core.Security;
using ConnexIdP.Core.Security.Blocks;
using ConnexIdP.Core.Security.Sources;

namespace ConnexIdP.Tests.Security;

/// <summary>Addresses are counted alone or by /24 and /64, CIDRs are read strictly, and blocks grow exponentially to their cap.</summary>
public sealed class SourceNetworkTests
{
    [Theory]
    [InlineData("203.0.113.77", "203.0.113.0/24")]
    [InlineData("::ffff:203.0.113.77", "203.0.113.0/24")]
    [InlineData("2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64")]
    public void An_address_belongs_to_its_24_or_64(string address, string network) =>
        Assert.Equal(IPNetwork.Parse(network), SourceNetworks.NetworkOf(IPAddress.Parse(address)));

    [Theory]
    [InlineData("203.0.113.7", "203.0.113.7/32")]
    [InlineData("203.0.113.0/24", "203.0.113.0/24")]
    [InlineData(" 2001:db8::/32 ", "2001:db8::/32")]
    [InlineData("::ffff:198.51.100.1", "198.51.100.1/32")]
    public void Addresses_and_networks_are_read_in_canonical_form(string text, string expected)
    {
        Assert.True(SourceNetworks.TryParse(text, out var network, out var error), error);
        Assert.Equal(expected, network.Value.ToString());
    }

    [Theory]
    [InlineData("203.0.113.7/24", "host bits")]
    [InlineData("203.0.113.0/33", "prefix length")]
    [InlineData("not-an-address", "not an IP address")]
    [InlineData("fe80::1%eth0", "not an IP address")]
    [InlineData("", "required")]
    public void Bad_networks_are_refused_with_a_reason(string text, string reason)
    {
        Assert.False(SourceNetworks.TryParse(text, out _, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Block_durations_double_for_each_repeat_offence_up_to_the_cap()
    {
        var baseDuration = TimeSpan.FromMinutes(15);
        var cap = TimeSpan.FromHours(24);
        Assert.Equal(TimeSpan.FromMinutes(15), BlockDuration.For(1, baseDuration, cap));
        Assert.Equal(TimeSpan.FromMinutes(30), BlockDuration.For(2, baseDuration, cap));
        Assert.Equal(TimeSpan.FromMinutes(60), BlockDuration.For(3, baseDuration, cap));
        Assert.Equal(TimeSpan.FromHours(16), BlockDuration.For(7, baseDuration, cap));
        Assert.Equal(cap, BlockDuration.For(8, baseDuration, cap));
        Assert.Equal(cap, BlockDuration.For(1000, baseDuration, cap));
    }

    [Fact]
    public void Invalid_settings_are_each_named()
    {
        var options = new SourceDefenceOptions { BlockBaseDuration = TimeSpan.FromDays(2) };
        options.TrustedProxies.Add("10.0.0.1/8");
        options.Allowlist.Add("office");
        options.Rules.PasswordSpraying.Threshold = 0;
        var errors = options.Validate().ToList();
        Assert.Contains(errors, e => e.StartsWith("SignInDefence:TrustedProxies", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("SignInDefence:Allowlist", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("SignInDefence:BlockBaseDuration", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("SignInDefence:Rules:PasswordSpraying:Threshold", StringComparison.Ordinal));
        Assert.Empty(new SourceDefenceOptions().Validate());
    }
}
