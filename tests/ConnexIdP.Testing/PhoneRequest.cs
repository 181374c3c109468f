using System.Buffers.Text;
using System.Text.Json;

namespace ConnexIdP.Testing;

/// <summary>A sign-in request as ConnexIdP Approve receives it: what it shows, the three numbers, and the nonce its answer signs.</summary>
public sealed record PhoneRequest(string Id, IReadOnlyList<int> Choices, byte[] Nonce, string Client, string? Source, string Browser)
{
    public static PhoneRequest From(JsonElement request) => new(
        request.GetProperty("id").GetString()!,
        [.. request.GetProperty("choices").EnumerateArray().Select(c => c.GetInt32())],
        Base64Url.DecodeFromChars(request.GetProperty("nonce").GetString()),
        request.GetProperty("client").GetString()!,
        request.GetProperty("source").GetString(),
        request.GetProperty("browser").GetString()!);
}
