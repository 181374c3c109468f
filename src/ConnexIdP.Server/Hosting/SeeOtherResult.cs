using Microsoft.AspNetCore.Mvc;

namespace ConnexIdP.Server.Hosting;

/// <summary>303 See Other: after a credential POST the browser must follow with a GET and never re-send the form (RFC 9700 §4.11).</summary>
internal sealed class SeeOtherResult(string location) : IActionResult
{
    public Task ExecuteResultAsync(ActionContext context)
    {
        context.HttpContext.Response.StatusCode = StatusCodes.Status303SeeOther;
        context.HttpContext.Response.Headers.Location = location;
        context.HttpContext.Response.Headers.CacheControl = "no-store";
        return Task.CompletedTask;
    }
}
