using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace ConnexIdP.Server.Admin;

/// <summary>The body of <c>POST /admin/api/blocks</c>: <c>{"network": "203.0.113.0/24", "duration_seconds": 3600, "reason": "..."}</c>.</summary>
public sealed record PlaceBlockRequest
{
    [JsonPropertyName("network")]
    [Required]
    public string? Network { get; init; }

    [JsonPropertyName("duration_seconds")]
    [Range(1, 365 * 24 * 3600)]
    public long DurationSeconds { get; init; } = 24 * 3600;

    [JsonPropertyName("reason")]
    [StringLength(500)]
    public string? Reason { get; init; }
}
