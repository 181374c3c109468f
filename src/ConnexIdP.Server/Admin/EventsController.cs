using ConnexIdP.Core.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace ConnexIdP.Server.Admin;

/// <summary>
/// Security events, newest first, filtered by time range, type, account, client, source and minimum severity, in pages:
/// pass <c>next_before</c> of one page as <c>before</c> for the next.
/// </summary>
[ApiController]
[Route(AdminApiSetup.RoutePrefix + "/events")]
[Authorize(Policy = AdminApiSetup.Policy)]
[ResponseCache(NoStore = true, Location = ResponseCacheLocation.None)]
public sealed class EventsController(SecurityEventReader reader) : ControllerBase
{
    [HttpGet]
    public async Task<IActionResult> Query(
        [FromQuery] DateTimeOffset? from,
        [FromQuery] DateTimeOffset? to,
        [FromQuery] string? type,
        [FromQuery] string? account,
        [FromQuery] string? client,
        [FromQuery] string? source,
        [FromQuery] SecuritySeverity? severity,
        [FromQuery] long? before,
        [FromQuery] int limit = 100,
        CancellationToken cancellationToken = default)
    {
        if (limit is < 1 or > SecurityEventQuery.MaximumLimit)
        {
            return BadRequest(new Dictionary<string, string> { ["error"] = $"limit must be 1 to {SecurityEventQuery.MaximumLimit}." });
        }

        var page = await reader.QueryAsync(new SecurityEventQuery
        {
            From = from,
            To = to,
            Type = type,
            AccountId = account,
            ClientId = client,
            Source = source,
            MinimumSeverity = severity,
            Before = before,
            Limit = limit,
        }, cancellationToken);
        return new JsonResult(new { page.Events, page.NextBefore }, AdminApiSetup.Json);
    }
}
