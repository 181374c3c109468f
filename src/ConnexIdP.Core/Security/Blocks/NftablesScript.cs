using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace ConnexIdP.Core.Security.Blocks;

/// <summary>
/// The blocks in force as an <c>nft -f</c> script for the edge firewall: two named sets (IPv4 and IPv6) in table
/// <c>inet filter</c>, emptied and refilled, each element with the time its block has left as its timeout, so the edge
/// lets a block go when the server does even if the script is not run again. The script adds no rule: operators add
/// one once (for example <c>ip saddr @connexidp_blocked drop</c>) to the chain of their choice.
/// </summary>
public static class NftablesScript
{
    public const string Table = "inet filter";
    public const string IPv4Set = "connexidp_blocked";
    public const string IPv6Set = "connexidp_blocked6";

    public static string Render(IEnumerable<SourceBlock> blocks, DateTimeOffset now)
    {
        var active = blocks.Where(b => b.IsActiveAt(now)).Select(b => (Network: SourceBlockStore.ParseStored(b.Network), b.ExpiresAt)).ToList();
        var script = new StringBuilder();
        script.Append(CultureInfo.InvariantCulture, $"#!/usr/sbin/nft -f\n# ConnexIdP source blocks at {now.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}: {active.Count} in force.\n");
        script.Append(CultureInfo.InvariantCulture, $"table {Table} {{\n  set {IPv4Set} {{ type ipv4_addr; flags interval, timeout; }}\n  set {IPv6Set} {{ type ipv6_addr; flags interval, timeout; }}\n}}\n");
        foreach (var (set, family) in new[] { (IPv4Set, AddressFamily.InterNetwork), (IPv6Set, AddressFamily.InterNetworkV6) })
        {
            script.Append(CultureInfo.InvariantCulture, $"flush set {Table} {set}\n");
            var elements = active.Where(b => b.Network.BaseAddress.AddressFamily == family)
                .Select(b => string.Create(CultureInfo.InvariantCulture, $"{b.Network} timeout {Math.Max(1, (long)Math.Ceiling((b.ExpiresAt - now).TotalSeconds))}s"))
                .ToList();
            if (elements.Count > 0)
            {
                // nft refuses an empty element list, so a set without blocks is only flushed.
                script.Append(CultureInfo.InvariantCulture, $"add element {Table} {set} {{ {string.Join(", ", elements)} }}\n");
            }
        }

        return script.ToString();
    }
}
