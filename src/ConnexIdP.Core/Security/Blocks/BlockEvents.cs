using System.Globalization;

namespace ConnexIdP.Core.Security.Blocks;

/// <summary>How a block reads in the <c>details</c> of its security events: network, until when, offence count, who, why.</summary>
public static class BlockEvents
{
    public static string Describe(SourceBlock block) => string.Create(CultureInfo.InvariantCulture,
        $"{block.Network} until {block.ExpiresAt.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ} (offence {block.Offences}) by {block.CreatedBy}: {block.Reason}");
}
