using ConnexIdP.Core.Accounts;
using ConnexIdP.Core.SecondFactors;
using ConnexIdP.Server.Oidc;

namespace ConnexIdP.Server.Hosting;

/// <summary>
/// Who may add a second factor here, and what must happen first. Adding a factor changes how the account is protected,
/// so it needs proof of the person now, not just a session cookie: a pending sign-in that must enroll (its password was
/// just checked); a session whose password was given within <c>SecondFactors:FreshCheckWindow</c> when the account has no
/// factor yet; a session with a second factor checked within that window when it has one. The pending sign-in comes first:
/// someone just gave a password in this browser.
/// </summary>
internal sealed record EnrollmentAccess(Account? Account, SignInFacts? Facts, EnrollmentAccess.Needs Missing)
{
    public enum Needs
    {
        Nothing,

        /// <summary>No session or pending sign-in: sign in.</summary>
        SignIn,

        /// <summary>A session whose password is not recent enough for a first factor: give the password again.</summary>
        RecentPassword,

        /// <summary>The account has a factor: check it again first.</summary>
        SecondFactorCheck,
    }

    public static async Task<EnrollmentAccess> DecideAsync(HttpContext http, AccountService accounts, SecondFactorService secondFactors, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (await AccountSession.PendingAsync(http, accounts, cancellationToken) is { } pending
            && (await secondFactors.StatusAsync(pending.Account, cancellationToken)).MustEnroll)
        {
            return new(pending.Account, pending.Facts, Needs.Nothing);
        }

        if (await AccountSession.CurrentAsync(http, accounts, cancellationToken) is not { } session)
        {
            return new(null, null, Needs.SignIn);
        }

        var window = secondFactors.Options.FreshCheckWindow;
        var now = clock.GetUtcNow();
        if ((await secondFactors.StatusAsync(session.Account, cancellationToken)).HasFactor)
        {
            return session.Facts.SecondFactorAt is { } checkedAt && now - checkedAt <= window
                ? new(session.Account, session.Facts, Needs.Nothing)
                : new(null, null, Needs.SecondFactorCheck);
        }

        return now - session.Facts.AuthenticatedAt <= window
            ? new(session.Account, session.Facts, Needs.Nothing)
            : new(null, null, Needs.RecentPassword);
    }

    /// <summary>Where to send the person for what is missing, coming back to <paramref name="returnUrl"/>.</summary>
    public string Redirect(string returnUrl) => Missing == Needs.SecondFactorCheck
        ? AccountSessionLinks.SecondFactor(returnUrl, null)
        : AccountSession.WithReturn(SessionDefaults.SignInPath, returnUrl);
}
