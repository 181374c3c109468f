using System.Text.Json.Serialization;

namespace ConnexIdP.Cli.Clients;

/// <param name="ClientSecret">Only when the CLI generated the secret: this is the one time it is shown.</param>
internal sealed record ClientAddedView(
    string ClientId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ClientSecret);
