using System.Diagnostics;
using System.Globalization;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using ConnexIdP.Core.Accounts;
using ConnexIdP.Core.SecondFactors;
using ConnexIdP.Core.SecondFactors.PushApproval;
using ConnexIdP.Server.Hosting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.RateLimiting;

namespace ConnexIdP.Server.SecondFactors;

/// <summary>
/// The API of the ConnexIdP Approve app (<c>/approve</c>, served by this server on its own origin): register the phone
/// with a one-time link code, open the app with the device's credential, receive the account's waiting requests by
/// server-sent events (or by polling), and answer one with a signature of the device over the request, the number and
/// the decision. Answers are JSON: the result, or <c>error</c> with a 4xx. Every call carries the
/// <c>X-ConnexIdP-Approve</c> header, which a cross-site form cannot send and a cross-origin script cannot without a
/// preflight this server never grants.
/// </summary>
[ApiExplorerSettings(IgnoreApi = true)]
[ResponseCache(NoStore = true, Location = ResponseCacheLocation.None)]
[ApproveController.SameOriginApp]
public sealed class ApproveController(PushApprovals push, AccountService accounts, ApprovalCookies cookies) : Controller
{
    public const string ApiPath = "/approve/api";
    public const string AppHeader = "X-ConnexIdP-Approve";

    private const string GoneMessage = "This phone is no longer registered for approvals. Add it again from your account page.";

    // The stream ends now and then so that the browser reconnects and the phone's cookie is looked at again.
    private static readonly TimeSpan StreamLifetime = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(15);
    private static readonly JsonSerializerOptions JsonWeb = new(JsonSerializerDefaults.Web);

    [HttpPost("~" + ApiPath + "/enroll/options")]
    [EnableRateLimiting(PasskeyRateLimit.PhonePolicy)]
    public async Task<IActionResult> EnrollOptions([FromForm] string? code, CancellationToken cancellationToken)
    {
        var (start, result) = await push.BeginDeviceRegistrationAsync(code, cancellationToken);
        return start is null ? Problem(StatusCodes.Status400BadRequest, result.Message) : Options(start);
    }

    [HttpPost("~" + ApiPath + "/enroll")]
    [EnableRateLimiting(PasskeyRateLimit.PhonePolicy)]
    public async Task<IActionResult> Enroll([FromForm] string? challengeId, [FromForm] string? credential, CancellationToken cancellationToken)
    {
        var (device, result) = await push.CompleteDeviceRegistrationAsync(challengeId, credential, SecurityEventRequest.Describe(HttpContext), cancellationToken);
        return device is null ? Problem(StatusCodes.Status400BadRequest, result.Message) : await OpenedAsync(device, cancellationToken);
    }

    [HttpPost("~" + ApiPath + "/unlock/options")]
    [EnableRateLimiting(PasskeyRateLimit.PhonePolicy)]
    public async Task<IActionResult> UnlockOptions([FromForm] string? deviceId, CancellationToken cancellationToken) =>
        await push.BeginDeviceSessionAsync(deviceId, cancellationToken) is { } start ? Options(start) : Gone();

    [HttpPost("~" + ApiPath + "/unlock")]
    [EnableRateLimiting(PasskeyRateLimit.PhonePolicy)]
    public async Task<IActionResult> Unlock([FromForm] string? challengeId, [FromForm] string? credential, CancellationToken cancellationToken)
    {
        var (device, result) = await push.CompleteDeviceSessionAsync(challengeId, credential, SecurityEventRequest.Describe(HttpContext), cancellationToken);
        return device is not null ? await OpenedAsync(device, cancellationToken)
            : result.Error == SecondFactorError.NotFound ? Gone()
            : Problem(result.Error == SecondFactorError.Invalid ? StatusCodes.Status400BadRequest : StatusCodes.Status401Unauthorized, result.Message);
    }

    [HttpPost("~" + ApiPath + "/lock")]
    public IActionResult Lock()
    {
        cookies.ClearPhone(HttpContext);
        return NoContent();
    }

    [HttpGet("~" + ApiPath + "/requests")]
    public async Task<IActionResult> Requests(CancellationToken cancellationToken)
    {
        var (device, refusal) = await PhoneAsync(cancellationToken);
        return device is null ? refusal! : Ok(new { requests = Describe(await push.WaitingAsync(device.AccountId, cancellationToken)) });
    }

    /// <summary>
    /// Server-sent events: <c>requests</c> with the waiting requests whenever they change, <c>removed</c> when the device
    /// is no longer registered (then the stream ends). The browser reconnects by itself; the stream ends after a few
    /// minutes so the device is looked at again.
    /// </summary>
    [HttpGet("~" + ApiPath + "/events")]
    public async Task<IResult> Events(CancellationToken cancellationToken)
    {
        var (device, refusal) = await PhoneAsync(cancellationToken);
        return device is null ? Results.Json(refusal!.Value, statusCode: refusal.StatusCode) : TypedResults.ServerSentEvents(StreamAsync(device, cancellationToken));
    }

    private async IAsyncEnumerable<SseItem<string>> StreamAsync(ApprovalDevice device, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? shown = null;
        var lastSent = Stopwatch.StartNew();
        var open = Stopwatch.StartNew();
        while (!cancellationToken.IsCancellationRequested && open.Elapsed < StreamLifetime)
        {
            if (await push.FindDeviceAsync(device.Id, cancellationToken) is null)
            {
                yield return new SseItem<string>(JsonSerializer.Serialize(new { error = GoneMessage }, JsonWeb), "removed");
                yield break;
            }

            var waiting = JsonSerializer.Serialize(new { requests = Describe(await push.WaitingAsync(device.AccountId, cancellationToken)) }, JsonWeb);
            if (waiting != shown || lastSent.Elapsed > KeepAlive)
            {
                yield return new SseItem<string>(waiting, "requests");
                shown = waiting;
                lastSent.Restart();
            }

            await push.WaitForNewsAsync(device.AccountId, cancellationToken);
        }
    }

    [HttpPost("~" + ApiPath + "/answer")]
    public async Task<IActionResult> Answer(
        [FromForm] string? requestId, [FromForm] string? number, [FromForm] string? decision, [FromForm] string? credential, CancellationToken cancellationToken)
    {
        var (device, refusal) = await PhoneAsync(cancellationToken);
        if (device is null)
        {
            return refusal!;
        }

        if (ApprovalChallenge.Parse(decision) is not { } parsed)
        {
            return Problem(StatusCodes.Status400BadRequest, "The decision must be \"approve\" or \"deny\".");
        }

        int? picked = int.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;
        var answer = await push.AnswerAsync(device, requestId, picked, parsed, credential, SecurityEventRequest.Describe(HttpContext), cancellationToken);
        if (!answer.Taken)
        {
            return Problem(answer.Error switch
            {
                SecondFactorError.NotFound or SecondFactorError.EnrollmentExpired => StatusCodes.Status404NotFound,
                SecondFactorError.Replayed => StatusCodes.Status409Conflict,
                SecondFactorError.Invalid => StatusCodes.Status400BadRequest,
                _ => StatusCodes.Status401Unauthorized,
            }, answer.Message);
        }

        return Ok(new
        {
            status = PushApprovals.Name(answer.Status!.Value),
            message = answer.Message,
            suspendedUntil = answer.SuspendedUntil,
            changePassword = answer.Status == ApprovalStatus.Denied ? "/account/password" : null,
        });
    }

    private async Task<IActionResult> OpenedAsync(ApprovalDevice device, CancellationToken cancellationToken)
    {
        cookies.IssuePhone(HttpContext, device);
        var account = await accounts.FindByIdAsync(device.AccountId, cancellationToken);
        return Ok(new { deviceId = device.Id, name = device.Name, account = account?.Email, credentialId = Base64Url(device.CredentialId) });
    }

    // The phone's cookie, for a device still registered to its account.
    private async Task<(ApprovalDevice? Device, ObjectResult? Refusal)> PhoneAsync(CancellationToken cancellationToken)
    {
        if (cookies.ReadPhone(HttpContext) is not { } phone)
        {
            return (null, Problem(StatusCodes.Status401Unauthorized, "Open the app with your phone's screen lock first."));
        }

        var device = await push.FindDeviceAsync(phone.DeviceId, cancellationToken);
        if (device is null || device.AccountId != phone.AccountId)
        {
            cookies.ClearPhone(HttpContext);
            return (null, Gone());
        }

        return (device, null);
    }

    private static object[] Describe(IReadOnlyList<ApprovalRequest> requests) =>
    [
        .. requests.Select(r => new
        {
            id = r.Id,
            client = r.ClientName,
            source = r.SourceAddress,
            browser = r.Browser,
            createdAt = r.CreatedAt,
            expiresAt = r.ExpiresAt,
            choices = PushApprovals.Choices(r),
            nonce = Base64Url(r.Nonce),
        }),
    ];

    private IActionResult Options(WebAuthnStart start) =>
        Content($"{{\"challengeId\":\"{start.ChallengeId}\",\"options\":{start.OptionsJson}}}", "application/json");

    private ObjectResult Gone() => StatusCode(StatusCodes.Status410Gone, new { error = GoneMessage, gone = true });

    private ObjectResult Problem(int status, string? message) => StatusCode(status, new { error = message });

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>Refuses a call without the app's header, or one a browser says came from another site.</summary>
    [AttributeUsage(AttributeTargets.Class)]
    internal sealed class SameOriginAppAttribute : Attribute, IResourceFilter
    {
        public void OnResourceExecuting(ResourceExecutingContext context)
        {
            // EventSource cannot send headers; reads are safe, and the Strict cookie stays home anyway.
            var request = context.HttpContext.Request;
            var site = request.Headers["Sec-Fetch-Site"].ToString();
            var header = HttpMethods.IsGet(request.Method) || request.Headers[AppHeader].ToString() == "1";
            if (!header || (site.Length > 0 && site != "same-origin"))
            {
                context.Result = new ObjectResult(new { error = "Only the ConnexIdP Approve app of this server may call this." }) { StatusCode = StatusCodes.Status403Forbidden };
            }
        }

        public void OnResourceExecuted(ResourceExecutedContext context)
        {
        }
    }
}
