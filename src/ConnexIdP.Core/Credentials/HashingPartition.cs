using System.Net;
using System.Net.Sockets;

namespace ConnexIdP.Core.Credentials;

/// <summary>
/// Whose hash it is, as <see cref="PasswordHashingGate"/> counts them for its fairness caps: the normalised email, the
/// same whether or not an account has it (so the gate's answers say nothing about which accounts exist), and the
/// source address when there is one (an IPv6 client is counted by its /64, which one attacker usually holds whole).
/// </summary>
public readonly record struct HashingPartition
{
    // Cannot collide with a normalised email, which never contains a space.
    private const string UnreadableEmail = "(unreadable email)";

    private HashingPartition(string account, string? source)
    {
        Account = account;
        Source = source;
    }

    public string Account { get; }

    /// <summary>Null when the hash has no network source (the admin CLI).</summary>
    public string? Source { get; }

    /// <param name="normalizedEmail">The normalised email, or null when the typed one could not be read (those share one partition).</param>
    /// <param name="source">The client's address, or null when there is none.</param>
    public static HashingPartition For(string? normalizedEmail, IPAddress? source) =>
        new(normalizedEmail ?? UnreadableEmail, SourceKey(source));

    private static string? SourceKey(IPAddress? address)
    {
        if (address is null)
        {
            return null;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4().ToString();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        var bytes = address.GetAddressBytes();
        bytes.AsSpan(8).Clear();
        return new IPAddress(bytes) + "/64";
    }
}
