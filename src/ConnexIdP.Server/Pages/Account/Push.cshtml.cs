using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using ConnexIdP.Core.Accounts;
using ConnexIdP.Core.SecondFactors;
using ConnexIdP.Core.SecondFactors.PushApproval;
using ConnexIdP.Server.Hosting;
using ConnexIdP.Server.Oidc;
using ConnexIdP.Server.SecondFactors;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.WebUtilities;
using OpenIddict.Abstractions;

namespace ConnexIdP.Server.Pages.Account;

/// <summary>
/// The second factor by push approval: after a correct password (or for a step-up), the page shows a two-digit number
/// and what is being approved, and waits (server-sent events, polling without them) for the phone. Once the phone has
/// approved with the right number, the page completes the sign-in by itself; the approval is spent by this browser,
/// which alone holds the request's secret. Denied, wrong-number and expired requests say so and offer the way on.
/// </summary>
[ResponseCache(NoStore = true, Location = ResponseCacheLocation.None)]
internal sealed class PushModel(
    AccountService accounts, PushApprovals push, ApprovalCookies cookies, IOpenIddictApplicationManager applications, TimeProvider clock) : PageModel
{
    public const string Path = "/account/signin/push";

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public ApprovalRequest? Approval { get; private set; }

    public string? ErrorMessage { get; private set; }

    /// <summary>Push is suspended for the account: nothing can be sent, only the other factors are left.</summary>
    public bool Suspended { get; private set; }

    /// <summary>The request is waiting, and the page should wait with it.</summary>
    public bool Waiting => Approval is { Status: ApprovalStatus.Pending };

    public string OtherWaysUrl => AccountSessionLinks.SecondFactor(ReturnUrl, SecondFactorModel.OtherMethod);

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (await WhoAsync(cancellationToken) is not { } who)
        {
            return SignInAgain();
        }

        // The request this browser holds, whatever became of it; else a new one.
        var (id, secret) = cookies.ReadBrowser(HttpContext);
        var held = await push.FindForBrowserAsync(id, secret, cancellationToken);
        if (held is not null && held.AccountId == who.Account.Id)
        {
            Approval = held;
            return Page();
        }

        // A page opened from another site sends nothing by itself: nobody's phone is asked because a link was followed.
        if (Request.Headers["Sec-Fetch-Site"] == "cross-site")
        {
            return Page();
        }

        return await StartAsync(who.Account, cancellationToken);
    }

    /// <summary>"Send a new request", after one was refused or ran out.</summary>
    public async Task<IActionResult> OnPostSendAsync(CancellationToken cancellationToken)
    {
        if (await WhoAsync(cancellationToken) is not { } who)
        {
            return SignInAgain();
        }

        var started = await StartAsync(who.Account, cancellationToken);
        return Approval is null ? started : new SeeOtherResult(AccountSession.WithReturn(Path, ReturnUrl));
    }

    /// <summary>Completes the sign-in with this browser's approved request.</summary>
    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (await WhoAsync(cancellationToken) is not { } who)
        {
            return SignInAgain();
        }

        var (id, secret) = cookies.ReadBrowser(HttpContext);
        var result = await push.CompleteAsync(who.Account, id, secret, SecurityEventRequest.Describe(HttpContext), cancellationToken);
        if (!result.Succeeded)
        {
            Approval = await push.FindForBrowserAsync(id, secret, cancellationToken);
            ErrorMessage = result.Message;
            Response.StatusCode = Approval is null ? StatusCodes.Status400BadRequest : StatusCodes.Status409Conflict;
            return Page();
        }

        cookies.ClearBrowser(HttpContext);
        await AccountSession.SignInAsync(HttpContext, who.Account, who.Facts.WithSecondFactor(result.Methods, clock.GetUtcNow()));
        var next = ReturnUrl is not null && Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/account";
        return new SeeOtherResult(who.Account.PasswordChangeRequired is null ? next : AccountSession.PasswordChangePath(next));
    }

    /// <summary>"Use another way": withdraws the waiting request from the phone.</summary>
    public async Task<IActionResult> OnPostCancelAsync(CancellationToken cancellationToken)
    {
        var (id, secret) = cookies.ReadBrowser(HttpContext);
        await push.CancelAsync(id, secret, cancellationToken);
        cookies.ClearBrowser(HttpContext);
        return new SeeOtherResult(OtherWaysUrl);
    }

    /// <summary>The state of this browser's request as JSON, for pages that cannot keep an event stream open.</summary>
    public async Task<IActionResult> OnGetStatusAsync(CancellationToken cancellationToken)
    {
        var (id, secret) = cookies.ReadBrowser(HttpContext);
        return await push.FindForBrowserAsync(id, secret, cancellationToken) is { } found
            ? new JsonResult(new { status = PushApprovals.Name(found.Status) })
            : new JsonResult(new { error = "This browser has no approval request." }) { StatusCode = StatusCodes.Status404NotFound };
    }

    /// <summary>Server-sent events: a <c>status</c> event whenever the request changes; the stream ends once it is answered or expired.</summary>
    public async Task<IActionResult> OnGetEventsAsync(CancellationToken cancellationToken)
    {
        var (id, secret) = cookies.ReadBrowser(HttpContext);
        var found = await push.FindForBrowserAsync(id, secret, cancellationToken);
        return found is null
            ? new JsonResult(new { error = "This browser has no approval request." }) { StatusCode = StatusCodes.Status404NotFound }
            : new HttpResultAction(TypedResults.ServerSentEvents(StatusesAsync(found, secret!, cancellationToken), "status"));
    }

    private async IAsyncEnumerable<string> StatusesAsync(ApprovalRequest request, string secret, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ApprovalStatus? shown = null;
        var open = Stopwatch.StartNew();
        while (!cancellationToken.IsCancellationRequested && open.Elapsed < TimeSpan.FromMinutes(6))
        {
            var current = await push.FindForBrowserAsync(request.Id, secret, cancellationToken);
            if (current is null)
            {
                yield break;
            }

            if (current.Status != shown)
            {
                shown = current.Status;
                yield return PushApprovals.Name(current.Status);
            }

            if (current.Status != ApprovalStatus.Pending)
            {
                yield break;
            }

            await push.WaitForNewsAsync(request.AccountId, cancellationToken);
        }
    }

    public static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

    private async Task<IActionResult> StartAsync(Core.Accounts.Account account, CancellationToken cancellationToken)
    {
        var (id, secret) = cookies.ReadBrowser(HttpContext);
        var request = SecurityEventRequest.Describe(HttpContext);
        var context = new ApprovalContext(await ClientNameAsync(cancellationToken), request.Source, Request.Headers.UserAgent.ToString());
        var (created, newSecret, result) = await push.StartAsync(account, id, secret, context, request, cancellationToken);
        if (created is null)
        {
            if (result.Error == SecondFactorError.NoFactor)
            {
                return Redirect(OtherWaysUrl);
            }

            ErrorMessage = result.Message;
            Suspended = result.Error == SecondFactorError.Suspended;
            Response.StatusCode = result.Error switch
            {
                SecondFactorError.Throttled => StatusCodes.Status429TooManyRequests,
                SecondFactorError.Busy => StatusCodes.Status409Conflict,
                _ => StatusCodes.Status403Forbidden,
            };
            if (result.Refusal?.RetryAfterSeconds is { } seconds)
            {
                Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            }

            return Page();
        }

        cookies.IssueBrowser(HttpContext, created.Id, newSecret!);
        Approval = created;
        return Page();
    }

    // The application the sign-in is for, from the authorization request it returns to; else this server's account pages.
    private async Task<string> ClientNameAsync(CancellationToken cancellationToken)
    {
        var query = ReturnUrl is not null && Url.IsLocalUrl(ReturnUrl) && ReturnUrl.IndexOf('?', StringComparison.Ordinal) is var at and >= 0
            ? QueryHelpers.ParseNullableQuery(ReturnUrl[at..])
            : null;
        if (query is not null && query.TryGetValue(OpenIddictConstants.Parameters.ClientId, out var clientId) && clientId.Count == 1 && clientId[0] is { Length: > 0 and <= 200 } name
            && await applications.FindByClientIdAsync(name, cancellationToken) is { } application)
        {
            return await applications.GetDisplayNameAsync(application, cancellationToken) ?? name;
        }

        return "ConnexIdP account";
    }

    // The pending sign-in after a password comes first; otherwise the session itself is checked again (step-up).
    private Task<(Core.Accounts.Account Account, SignInFacts Facts)?> WhoAsync(CancellationToken cancellationToken) =>
        AccountSession.PendingOrCurrentAsync(HttpContext, accounts, cancellationToken);

    private RedirectResult SignInAgain() => Redirect(AccountSession.WithReturn(SessionDefaults.SignInPath, ReturnUrl is not null && Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : null));
}
