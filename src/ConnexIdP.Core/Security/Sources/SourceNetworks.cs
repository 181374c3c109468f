using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Net.Sockets;

namespace ConnexIdP.Core.Security.Sources;

/// <summary>
/// How a client address is counted and blocked: alone (an IPv4 /32, an IPv6 /128) or by its network (an IPv4 /24, an
/// IPv6 /64, which one attacker usually holds whole). IPv4-mapped IPv6 addresses count as the IPv4 address they carry.
/// </summary>
public static class SourceNetworks
{
    public const int IPv4NetworkPrefix = 24;
    public const int IPv6NetworkPrefix = 64;

    /// <summary>The address as it is counted: an IPv4-mapped IPv6 address becomes its IPv4 address.</summary>
    public static IPAddress Normalize(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;

    /// <summary>The address alone, as a /32 or /128 network.</summary>
    public static IPNetwork AddressOnly(IPAddress address)
    {
        var normalized = Normalize(address);
        return new IPNetwork(normalized, normalized.AddressFamily == AddressFamily.InterNetwork ? 32 : 128);
    }

    /// <summary>The /24 (IPv4) or /64 (IPv6) that holds the address.</summary>
    public static IPNetwork NetworkOf(IPAddress address)
    {
        var normalized = Normalize(address);
        return Mask(normalized, normalized.AddressFamily == AddressFamily.InterNetwork ? IPv4NetworkPrefix : IPv6NetworkPrefix);
    }

    /// <summary>The network of <paramref name="prefixLength"/> bits that holds the address (host bits cleared).</summary>
    public static IPNetwork Mask(IPAddress address, int prefixLength)
    {
        var bytes = Normalize(address).GetAddressBytes();
        for (var bit = prefixLength; bit < bytes.Length * 8; bit++)
        {
            bytes[bit / 8] &= (byte)~(0x80 >> (bit % 8));
        }

        return new IPNetwork(new IPAddress(bytes), prefixLength);
    }

    /// <summary>
    /// Reads an address (<c>203.0.113.7</c>, taken as a /32 or /128) or a network in CIDR notation (<c>203.0.113.0/24</c>).
    /// A network whose host bits are set is refused rather than silently widened, so a typo cannot block more than meant.
    /// </summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out IPNetwork? network, [NotNullWhen(false)] out string? error)
    {
        network = null;
        text = text?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            error = "An address or network (CIDR) is required, for example 203.0.113.7 or 203.0.113.0/24.";
            return false;
        }

        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (!IPAddress.TryParse(slash < 0 ? text : text[..slash], out var address) || (address.AddressFamily == AddressFamily.InterNetworkV6 && address.ScopeId != 0))
        {
            error = $"'{text}' is not an IP address or a network in CIDR notation (for example 203.0.113.0/24 or 2001:db8::/64).";
            return false;
        }

        address = Normalize(address);
        var maxLength = address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        var prefix = maxLength;
        if (slash >= 0 && (!int.TryParse(text.AsSpan(slash + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out prefix) || prefix > maxLength))
        {
            error = $"'{text}' has no valid prefix length (0 to {maxLength}).";
            return false;
        }

        var masked = Mask(address, prefix);
        if (!masked.BaseAddress.Equals(address))
        {
            error = $"'{text}' has host bits set; the network is {masked}.";
            return false;
        }

        network = masked;
        error = null;
        return true;
    }
}
