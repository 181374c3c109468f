using ConnexIdP.Core.Accounts;
using ConnexIdP.Server.Hosting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace ConnexIdP.Server.Admin;

/// <summary>
/// An email's password backoff and lockout: see it, and lift it. The same Core calls and answers as the CLI's
/// <c>users lockout</c> and <c>users unlock</c>, so an operator without shell access can free a locked-out user.
/// </summary>
[ApiController]
[Route(AdminApiSetup.RoutePrefix + "/accounts")]
[Authorize(Policy = AdminApiSetup.Policy)]
[IgnoreAntiforgeryToken]
[ResponseCache(NoStore = true, Location = ResponseCacheLocation.None)]
public sealed class AccountsController(AccountService accounts) : ControllerBase
{
    /// <summary>Whether or not an account has the email: unknown emails have counters too.</summary>
    [HttpGet("{email}/lockout")]
    public async Task<IActionResult> Lockout(string email, CancellationToken cancellationToken)
    {
        var state = await accounts.GetPasswordLockoutAsync(email, cancellationToken);
        return state is null ? Problem("The email address is not valid.") : new JsonResult(LockoutView.From(state), AdminApiSetup.Json);
    }

    /// <summary>Forgets the email's consecutive password failures (recorded as <c>account.unlocked</c>, naming the caller).</summary>
    [HttpPost("{email}/unlock")]
    public async Task<IActionResult> Unlock(string email, CancellationToken cancellationToken)
    {
        var (result, cleared) = await accounts.UnlockAsync(email, AdminAccess.Actor(User), SecurityEventRequest.Describe(HttpContext), cancellationToken);
        if (!result.Succeeded && cleared == 0)
        {
            return Problem(result.Message, result.Error == AccountError.InvalidEmail ? StatusCodes.Status400BadRequest : StatusCodes.Status404NotFound);
        }

        return new JsonResult(new UnlockView(email, result.Account?.Id, cleared), AdminApiSetup.Json);
    }

    private ObjectResult Problem(string? detail, int statusCode = StatusCodes.Status400BadRequest) =>
        new(new Dictionary<string, string?> { ["error"] = detail }) { StatusCode = statusCode };
}
