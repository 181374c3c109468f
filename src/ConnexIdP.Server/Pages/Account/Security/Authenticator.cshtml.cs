using ConnexIdP.Core.Accounts;
using ConnexIdP.Core.SecondFactors;
using ConnexIdP.Server.Hosting;
using ConnexIdP.Server.Oidc;
using Microsoft.AspNetCore.Mvc;

namespace ConnexIdP.Server.Pages.Account.Security;

/// <summary>
/// Adds an authenticator app: a name, then a QR code of the <c>otpauth://</c> URI (drawn here, served only to this
/// session, never cached) and the same secret in groups for typing, then the first code, which activates it. The
/// account's first factor also gets its recovery codes, shown once on this page. Opened by the session, after a fresh
/// second-factor check when the account already has one, or by a pending sign-in that must enroll before anything else.
/// </summary>
internal sealed class AuthenticatorModel(AccountService accounts, SecondFactorService secondFactors, TimeProvider clock) : AccountPageModel(accounts)
{
    private readonly AccountService _accounts = accounts;

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Enrollment { get; set; }

    [BindProperty]
    public string? Name { get; set; } = "Authenticator app";

    [BindProperty]
    public string? Code { get; set; }

    public AuthenticatorEnrollment? Shown { get; private set; }

    public IReadOnlyList<string>? RecoveryCodes { get; private set; }

    /// <summary>The account must add a factor before it can do anything else (a pending sign-in).</summary>
    public bool Required { get; private set; }

    /// <summary>Where to go once the app is added.</summary>
    public string ContinueUrl => LocalOr(ReturnUrl, "/account/security?added=app");

    /// <summary>When the page was reached from an authorization request, where declining takes the person back (with an error for the client).</summary>
    public string? DeclineUrl => ReturnUrl is not null && Url.IsLocalUrl(ReturnUrl) && ReturnUrl.StartsWith("/" + OidcServerSetup.AuthorizationPath + "?", StringComparison.Ordinal)
        ? ReturnUrl + "&" + AuthorizationController.SecondFactorDeclinedParameter + "=1"
        : null;

    /// <summary>A POST naming no action of this page (or one it does not have): nothing to do here.</summary>
    public IActionResult OnPost() => NotFound();

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var gate = await EnterAsync(cancellationToken);
        if (gate.Refusal is not null)
        {
            return gate.Refusal;
        }

        if (Enrollment is not null)
        {
            Shown = await secondFactors.FindEnrollmentAsync(gate.Account!, Enrollment, cancellationToken);
            if (Shown is null)
            {
                ErrorMessage = "This enrollment has expired. Start again to get a new code to scan.";
            }
        }

        return Page();
    }

    public async Task<IActionResult> OnPostStartAsync(CancellationToken cancellationToken)
    {
        var gate = await EnterAsync(cancellationToken);
        if (gate.Refusal is not null)
        {
            return gate.Refusal;
        }

        var (enrollment, result) = await secondFactors.BeginAuthenticatorAsync(gate.Account!, Name, cancellationToken);
        return enrollment is null
            ? Refused(result)
            : new SeeOtherResult($"{SessionDefaults.EnrollPath}?enrollment={Uri.EscapeDataString(enrollment.Id)}" + ReturnQuery("&"));
    }

    public async Task<IActionResult> OnPostConfirmAsync(CancellationToken cancellationToken)
    {
        var gate = await EnterAsync(cancellationToken);
        if (gate.Refusal is not null)
        {
            return gate.Refusal;
        }

        var account = gate.Account!;
        var result = await secondFactors.ConfirmAuthenticatorAsync(account, Enrollment, Code, SecurityEventRequest.Describe(HttpContext), cancellationToken);
        Code = null;
        if (!result.Succeeded)
        {
            Shown = await secondFactors.FindEnrollmentAsync(account, Enrollment, cancellationToken);
            return Refused(result);
        }

        // The first code proved the new factor: the session (or the pending sign-in, which becomes one) is multi-factor now.
        await AccountSession.SignInAsync(HttpContext, account, gate.Facts!.WithSecondFactor(result.Methods, clock.GetUtcNow()));
        if (result.RecoveryCodes is { } codes)
        {
            RecoveryCodes = codes;
            Required = false;
            return Page();
        }

        return new SeeOtherResult(ContinueUrl);
    }

    /// <summary>The QR code of the enrollment in progress, for this session only.</summary>
    public async Task<IActionResult> OnGetQrAsync(CancellationToken cancellationToken)
    {
        var gate = await EnterAsync(cancellationToken);
        if (gate.Refusal is not null)
        {
            return gate.Refusal;
        }

        var enrollment = await secondFactors.FindEnrollmentAsync(gate.Account!, Enrollment, cancellationToken);
        if (enrollment is null)
        {
            return NotFound();
        }

        Response.Headers.CacheControl = "no-store";
        return File(QrCodeImage.Svg(enrollment.Uri), "image/svg+xml");
    }

    private string ReturnQuery(string separator) => ReturnUrl is null ? string.Empty : separator + "returnUrl=" + Uri.EscapeDataString(ReturnUrl);

    // Who may add an app here (see EnrollmentAccess); a pending sign-in that must enroll sees the "required" notice.
    private async Task<(Core.Accounts.Account? Account, SignInFacts? Facts, IActionResult? Refusal)> EnterAsync(CancellationToken cancellationToken)
    {
        var access = await EnrollmentAccess.DecideAsync(HttpContext, _accounts, secondFactors, clock, cancellationToken);
        if (access.Missing != EnrollmentAccess.Needs.Nothing)
        {
            return (null, null, new SeeOtherResult(access.Redirect(Request.Path + ReturnQuery("?"))));
        }

        Required = access.Facts!.IsPending;
        return (access.Account, access.Facts, null);
    }
}
