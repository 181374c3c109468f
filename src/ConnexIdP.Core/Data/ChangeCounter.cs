namespace ConnexIdP.Core.Data;

/// <summary>
/// A named counter that every process increments when it changes something other processes cache (for example
/// <see cref="ChangeCounter.ClientConfiguration"/>: clients and scopes). Readers compare one small row instead of re-reading what they cached.
/// </summary>
public sealed class ChangeCounter
{
    /// <summary>Clients (applications) and scopes: what the token and authorization endpoints read on every request.</summary>
    public const string ClientConfiguration = "client-configuration";

    /// <summary>
    /// Failures of client authentication (client ids and their sources): what lets a server answer "no failures on record"
    /// from memory. Not seeded by a migration: its first writer inserts it.
    /// </summary>
    public const string ClientAuthenticationFailures = "client-authentication-failures";

    public required string Name { get; set; }

    public long Value { get; set; }
}
