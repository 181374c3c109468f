using ConnexIdP.Core.Security.Blocks;
using ConnexIdP.Server.Hosting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace ConnexIdP.Server.Admin;

/// <summary>
/// Source blocks: list them (JSON, or <c>?format=nft</c> for the edge firewall), place one, lift one. Blocks placed
/// here count on this server at once and on the others at their next refresh.
/// </summary>
[ApiController]
[Route(AdminApiSetup.RoutePrefix + "/blocks")]
[Authorize(Policy = AdminApiSetup.Policy)]
[IgnoreAntiforgeryToken]
[ResponseCache(NoStore = true, Location = ResponseCacheLocation.None)]
public sealed class BlocksController(SourceBlockStore store, BlockAdministration administration, TimeProvider clock) : ControllerBase
{
    /// <param name="format"><c>json</c> (the default) or <c>nft</c>.</param>
    /// <param name="all">With ended and lifted blocks too (JSON only).</param>
    [HttpGet]
    public async Task<IActionResult> List([FromQuery] string? format, [FromQuery] bool all, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (string.Equals(format, "nft", StringComparison.OrdinalIgnoreCase))
        {
            return Content(NftablesScript.Render(await store.ListAsync(includeEnded: false, cancellationToken), now), "text/plain; charset=utf-8");
        }

        if (format is not null && !string.Equals(format, "json", StringComparison.OrdinalIgnoreCase))
        {
            return Problem("format must be json or nft.");
        }

        var blocks = await store.ListAsync(all, cancellationToken);
        return new JsonResult(blocks.Select(b => BlockView.From(b, now)), AdminApiSetup.Json);
    }

    [HttpPost]
    public async Task<IActionResult> Place([FromBody] PlaceBlockRequest request, CancellationToken cancellationToken)
    {
        var (block, error) = await administration.PlaceAsync(request.Network, TimeSpan.FromSeconds(request.DurationSeconds), request.Reason,
            AdminAccess.Actor(User), SecurityEventRequest.Describe(HttpContext), cancellationToken);
        return block is null
            ? Problem(error)
            : new JsonResult(BlockView.From(block, clock.GetUtcNow()), AdminApiSetup.Json) { StatusCode = StatusCodes.Status201Created };
    }

    /// <summary><c>DELETE /admin/api/blocks/203.0.113.0/24</c> (the network's slash needs no escaping).</summary>
    [HttpDelete("{**network}")]
    public async Task<IActionResult> Lift(string network, CancellationToken cancellationToken)
    {
        var (block, error) = await administration.LiftAsync(network, AdminAccess.Actor(User), SecurityEventRequest.Describe(HttpContext), cancellationToken);
        return block is null
            ? Problem(error, statusCode: StatusCodes.Status404NotFound)
            : new JsonResult(BlockView.From(block, clock.GetUtcNow()), AdminApiSetup.Json);
    }

    private ObjectResult Problem(string? detail, int statusCode = StatusCodes.Status400BadRequest) =>
        new(new Dictionary<string, string?> { ["error"] = detail }) { StatusCode = statusCode };
}
