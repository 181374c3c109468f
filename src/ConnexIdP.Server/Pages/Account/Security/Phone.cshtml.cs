using System.Globalization;
using System.Security.Cryptography;
using ConnexIdP.Core.Accounts;
using ConnexIdP.Core.SecondFactors;
using ConnexIdP.Core.SecondFactors.PushApproval;
using ConnexIdP.Server.Hosting;
using ConnexIdP.Server.Oidc;
using ConnexIdP.Core.Tokens;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace ConnexIdP.Server.Pages.Account.Security;

/// <summary>
/// Adds a phone that approves sign-ins: a name, then a one-time link (QR code, and the same as text and as a code to
/// type) that the phone opens in ConnexIdP Approve to create its credential. The page waits for the phone, then finishes:
/// the session (or the pending sign-in, which becomes one) is multi-factor, and an account's first factor gets its
/// recovery codes, shown once here. Opened like the other enrollments (see <see cref="EnrollmentAccess"/>).
/// </summary>
internal sealed class PhoneModel(
    AccountService accounts, SecondFactorService secondFactors, PushApprovals push, IDataProtectionProvider dataProtection, IOptions<TokenOptions> tokens, TimeProvider clock)
    : AccountPageModel(accounts)
{
    public const string Path = "/account/security/phone";
    public const string TicketHeader = "X-ConnexIdP-Link";

    private readonly AccountService _accounts = accounts;

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    /// <summary>
    /// The link this browser made, protected with Data Protection (enrollment, account, expiry): only the page that
    /// showed the link holds it, so only that browser can see the phone arrive and finish with it.
    /// </summary>
    [BindProperty]
    public string? Ticket { get; set; }

    [BindProperty]
    public string? Name { get; set; } = "My phone";

    /// <summary>The link just made: shown once, on the answer to the form that made it.</summary>
    public (ApprovalEnrollment Enrollment, string Code, string Link)? Shown { get; private set; }

    public IReadOnlyList<string>? RecoveryCodes { get; private set; }

    /// <summary>The account must add a factor before it can do anything else (a pending sign-in).</summary>
    public bool Required { get; private set; }

    /// <summary>The approval app's address, from the configured issuer (the request's Host, checked by the malformed-request guard, when none is configured).</summary>
    public Uri AppAddress => new(tokens.Value.Issuer ?? new Uri($"{Request.Scheme}://{Request.Host}/"), "/approve/");

    public string ContinueUrl => ReturnUrl is not null && Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/account/security?added=phone";

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var gate = await EnterAsync(cancellationToken);
        return gate.Refusal ?? Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var gate = await EnterAsync(cancellationToken);
        if (gate.Refusal is not null)
        {
            return gate.Refusal;
        }

        var (enrollment, code, result) = await push.BeginEnrollmentAsync(gate.Account!, Name, cancellationToken);
        if (enrollment is null)
        {
            ErrorMessage = result.Message;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        // The code travels in the fragment, which browsers never send: it reaches no server log, only the app's script.
        Shown = (enrollment, PushApprovals.Grouped(code!), new Uri(AppAddress, "#enroll=" + code).ToString());
        Ticket = Protector.Protect(string.Create(CultureInfo.InvariantCulture, $"{enrollment.Id}|{enrollment.AccountId}|{enrollment.ExpiresAt.ToUnixTimeSeconds()}"));
        return Page();
    }

    /// <summary>Whether a phone used this browser's link yet, as JSON, for the waiting page.</summary>
    /// <remarks>The ticket comes in a header, so that it never lands in an access log with the URL.</remarks>
    public async Task<IActionResult> OnGetStatusAsync(CancellationToken cancellationToken)
    {
        Ticket = Request.Headers[TicketHeader].ToString();
        var (_, enrollment) = await LinkOfThisBrowserAsync(cancellationToken);
        return enrollment is null
            ? new JsonResult(new { error = "This link is not this browser's, or it ran out. Make a new one." }) { StatusCode = StatusCodes.Status404NotFound }
            : new JsonResult(new { done = enrollment.UsedAt is not null, expired = enrollment.UsedAt is null && enrollment.ExpiresAt <= clock.GetUtcNow() });
    }

    /// <summary>After the phone registered: the sign-in is multi-factor, and a first factor brings recovery codes.</summary>
    public async Task<IActionResult> OnPostFinishAsync(CancellationToken cancellationToken)
    {
        var (who, enrollment) = await LinkOfThisBrowserAsync(cancellationToken);
        if (who is not { } found)
        {
            return SignInFirst();
        }

        var account = found.Account;
        var device = enrollment?.DeviceId is { } deviceId ? (await push.ListDevicesAsync(account.Id, cancellationToken)).FirstOrDefault(d => d.Id == deviceId) : null;
        if (device is null)
        {
            ErrorMessage = "No phone was added with this link. Open the link on your phone, or make a new one.";
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        // The phone made its credential with its screen lock, from a link only this browser was shown: that is the second factor.
        await AccountSession.SignInAsync(HttpContext, account, found.Facts.WithSecondFactor([device.IsBackupEligible ? "swk" : "hwk", "user"], clock.GetUtcNow()));
        RecoveryCodes = await secondFactors.RecoveryCodesAfterPhoneAsync(account, cancellationToken);
        Required = false;
        return RecoveryCodes is null ? new SeeOtherResult(ContinueUrl) : Page();
    }

    private IDataProtector Protector => dataProtection.CreateProtector("ConnexIdP.PhoneEnrollment.v1");

    // The enrollment this browser's ticket names, for the account now signed in (or pending) here, while the link is valid
    // or just used: the ticket stands for the enrollment access this browser had when it made the link.
    private async Task<((Core.Accounts.Account Account, SignInFacts Facts)? Who, ApprovalEnrollment? Enrollment)> LinkOfThisBrowserAsync(CancellationToken cancellationToken)
    {
        var who = await AccountSession.PendingOrCurrentAsync(HttpContext, _accounts, cancellationToken);
        string? payload;
        try
        {
            payload = Ticket is { Length: < 2048 } ? Protector.Unprotect(Ticket) : null;
        }
        catch (CryptographicException)
        {
            payload = null;
        }

        if (who is null || payload?.Split('|') is not [var enrollmentId, var accountId, var expires] || accountId != who.Value.Account.Id
            || !long.TryParse(expires, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || clock.GetUtcNow() > DateTimeOffset.FromUnixTimeSeconds(seconds) + push.Settings.EnrollmentLifetime)
        {
            return (who, null);
        }

        return (who, await push.FindEnrollmentAsync(accountId, enrollmentId, cancellationToken));
    }

    // Who may add a phone here (see EnrollmentAccess); a pending sign-in that must enroll sees the "required" notice.
    private async Task<(Core.Accounts.Account? Account, SignInFacts? Facts, IActionResult? Refusal)> EnterAsync(CancellationToken cancellationToken)
    {
        var access = await EnrollmentAccess.DecideAsync(HttpContext, _accounts, secondFactors, clock, cancellationToken);
        if (access.Missing != EnrollmentAccess.Needs.Nothing)
        {
            return (null, null, new SeeOtherResult(access.Redirect(AccountSession.WithReturn(Path, ReturnUrl))));
        }

        if (!push.Settings.Enabled)
        {
            return (null, null, NotFound());
        }

        Required = access.Facts!.IsPending;
        return (access.Account, access.Facts, null);
    }
}
