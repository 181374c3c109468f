using System.Net;

namespace ConnexIdP.Core.Security.Blocks;

/// <summary>A block as the request path checks it: the network, until when, and why.</summary>
public sealed record ActiveBlock(IPNetwork Network, DateTimeOffset ExpiresAt, string Reason);
