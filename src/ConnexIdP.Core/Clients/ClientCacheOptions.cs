using System.ComponentModel.DataAnnotations;

namespace ConnexIdP.Core.Clients;

/// <summary>Configuration section <c>Clients</c>: how long a change to a client or scope may take to reach every server.</summary>
public sealed class ClientCacheOptions
{
    public const string Section = "Clients";

    /// <summary>
    /// How often a server asks the database whether any client or scope changed (one single-row read); between two
    /// checks it answers from memory. Zero checks on every request. A change made by the same process is seen at once.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00", ErrorMessage = "Clients:ChangeCheckInterval must be between 00:00:00 and 00:01:00.")]
    public TimeSpan ChangeCheckInterval { get; set; } = TimeSpan.FromSeconds(1);
}
