using System.Net;
using System.Text.Json;

namespace ConnexIdP.Testing;

/// <summary>What the approval app's API answered: the status, the JSON body, and the cookies it set.</summary>
public sealed record PhoneReply(HttpStatusCode Status, string Body, string? ContentType, IReadOnlyList<string> SetCookies)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement;

    /// <summary>The <c>error</c> the server gave, when it refused.</summary>
    public string? Error => Text("error");

    /// <summary>A string property of the JSON body, or null.</summary>
    public string? Text(string name) =>
        Body.Length > 0 && Json.ValueKind == JsonValueKind.Object && Json.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public static async Task<PhoneReply> ReadAsync(HttpResponseMessage response) => new(
        response.StatusCode,
        await response.Content.ReadAsStringAsync(),
        response.Content.Headers.ContentType?.MediaType,
        response.Headers.TryGetValues("Set-Cookie", out var cookies) ? [.. cookies] : []);

    public override string ToString() => $"{(int)Status} {Body}";
}
