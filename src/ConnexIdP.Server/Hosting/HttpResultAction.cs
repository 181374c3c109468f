namespace ConnexIdP.Server.Hosting;

/// <summary>Runs an ASP.NET Core <see cref="IResult"/> (such as a server-sent event stream) as a page handler's result.</summary>
internal sealed class HttpResultAction(IResult result) : Microsoft.AspNetCore.Mvc.IActionResult
{
    public Task ExecuteResultAsync(Microsoft.AspNetCore.Mvc.ActionContext context) => result.ExecuteAsync(context.HttpContext);
}
