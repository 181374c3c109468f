using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace ConnexIdP.Testing;

/// <summary>What a back-channel endpoint answered: status, headers and the JSON body (if it sent one).</summary>
public sealed record TokenResponse(HttpStatusCode Status, HttpResponseHeaders Headers, HttpContentHeaders ContentHeaders, string Body)
{
    private readonly JsonElement? _json = Parse(Body);

    public JsonElement? Json => _json;

    public string? AccessToken => Get("access_token");

    public string? RefreshToken => Get("refresh_token");

    public string? IdToken => Get("id_token");

    public string? Error => Get("error");

    /// <summary>Introspection's verdict, or null when the answer has no <c>active</c> member.</summary>
    public bool? Active => _json is { ValueKind: JsonValueKind.Object } json && json.TryGetProperty("active", out var active) && active.ValueKind is JsonValueKind.True or JsonValueKind.False
        ? active.GetBoolean()
        : null;

    public string? Get(string name) => _json is { ValueKind: JsonValueKind.Object } json && json.TryGetProperty(name, out var value)
        ? value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText()
        : null;

    public bool Has(string name) => _json is { ValueKind: JsonValueKind.Object } json && json.TryGetProperty(name, out _);

    public static async Task<TokenResponse> ReadAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        return new TokenResponse(response.StatusCode, response.Headers, response.Content.Headers, body);
    }

    public override string ToString() => $"{(int)Status} {Body}";

    private static JsonElement? Parse(string body)
    {
        if (string.IsNullOrWhiteSpace(body) || body.TrimStart()[0] is not ('{' or '['))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
