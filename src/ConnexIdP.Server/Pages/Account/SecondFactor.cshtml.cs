using System.Globalization;
using ConnexIdP.Core.Accounts;
using ConnexIdP.Core.SecondFactors;
using ConnexIdP.Core.SecondFactors.PushApproval;
using ConnexIdP.Server.Hosting;
using ConnexIdP.Server.Oidc;
using ConnexIdP.Server.SecondFactors;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ConnexIdP.Server.Pages.Account;

/// <summary>
/// The second factor: after a correct password (the pending sign-in), when a relying party or the account page asks
/// for it again in a session (step-up, fresh check). A code from an authenticator app, or one of the recovery codes.
/// Wrong codes are counted per factor like wrong passwords: 401, and 429 with <c>Retry-After</c> once in backoff.
/// </summary>
[ResponseCache(NoStore = true, Location = ResponseCacheLocation.None)]
internal sealed class SecondFactorModel(AccountService accounts, SecondFactorService secondFactors, PushApprovals push, TimeProvider clock) : PageModel
{
    public const string RecoveryMethod = "recovery";

    /// <summary>The factors other than push approval, chosen from the approval page.</summary>
    public const string OtherMethod = "other";

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Method { get; set; }

    [BindProperty]
    public string? Code { get; set; }

    public string? ErrorMessage { get; private set; }

    public bool UsesRecoveryCode => Method == RecoveryMethod;

    public int RecoveryCodesRemaining { get; private set; }

    public bool HasAuthenticatorApp { get; private set; }

    public bool HasSecurityKey { get; private set; }

    public bool HasPhone { get; private set; }

    /// <summary>Until when push approval is suspended for the account, when it is.</summary>
    public DateTimeOffset? PushSuspendedUntil { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var who = await WhoAsync(cancellationToken);
        if (who is not { } found)
        {
            return SignInAgain();
        }

        var factors = await secondFactors.StatusAsync(found.Account, cancellationToken);
        if (!factors.HasFactor)
        {
            // Nothing to check yet: an account that needs a factor adds one.
            return Redirect(AccountSession.WithReturn(SessionDefaults.EnrollPath, ReturnUrl));
        }

        // An account with a phone for approvals is asked there first, unless the person chose another way.
        PushSuspendedUntil = await push.SuspendedUntilAsync(found.Account.Id, cancellationToken);
        if (factors.ApprovalDevices.Count > 0 && Method is null && PushSuspendedUntil is null && push.Settings.Enabled)
        {
            return Redirect(AccountSession.WithReturn(PushModel.Path, ReturnUrl));
        }

        Describe(factors);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var who = await WhoAsync(cancellationToken);
        if (who is not { } found)
        {
            return SignInAgain();
        }

        var (account, facts) = found;
        var kind = UsesRecoveryCode ? SecondFactorKind.RecoveryCode : SecondFactorKind.AuthenticatorApp;
        var result = await secondFactors.VerifyAsync(account, kind, Code, SecurityEventRequest.Describe(HttpContext), cancellationToken);
        Code = null;
        if (!result.Succeeded)
        {
            await SecondFactorObservations.ObserveAsync(HttpContext, account, result, cancellationToken);
            PushSuspendedUntil = await push.SuspendedUntilAsync(account.Id, cancellationToken);
            Describe(await secondFactors.StatusAsync(account, cancellationToken));
            ErrorMessage = result.Message;
            Response.StatusCode = result.Error == SecondFactorError.Throttled ? StatusCodes.Status429TooManyRequests : StatusCodes.Status401Unauthorized;
            if (result.Refusal?.RetryAfterSeconds is { } seconds)
            {
                Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            }

            return Page();
        }

        await AccountSession.SignInAsync(HttpContext, account, facts.WithSecondFactor(result.Methods, clock.GetUtcNow()));
        var next = ReturnUrl is not null && Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/account";
        if (result.RecoveryCodesRemaining is { } remaining)
        {
            // The security page says how many codes are left, then goes on to where the sign-in was going.
            next = string.Create(CultureInfo.InvariantCulture, $"/account/security?recovered={remaining}&returnUrl={Uri.EscapeDataString(next)}");
        }

        return new SeeOtherResult(account.PasswordChangeRequired is null ? next : AccountSession.PasswordChangePath(next));
    }

    private void Describe(SecondFactorStatus factors)
    {
        RecoveryCodesRemaining = factors.RecoveryCodesRemaining;
        HasAuthenticatorApp = factors.AuthenticatorApps.Count > 0;
        HasSecurityKey = factors.SecurityKeys.Count > 0;
        HasPhone = factors.ApprovalDevices.Count > 0 && push.Settings.Enabled;
    }

    // The pending sign-in after a password comes first; otherwise the session itself is checked again.
    private Task<(Core.Accounts.Account Account, SignInFacts Facts)?> WhoAsync(CancellationToken cancellationToken) =>
        AccountSession.PendingOrCurrentAsync(HttpContext, accounts, cancellationToken);

    private RedirectResult SignInAgain() => Redirect(AccountSession.WithReturn(SessionDefaults.SignInPath, ReturnUrl is not null && Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : null));
}
