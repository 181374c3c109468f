using System.Globalization;
using System.Security.Claims;
using ConnexIdP.Core.Accounts;
using ConnexIdP.Core.SecondFactors;
using ConnexIdP.Server.Oidc;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace ConnexIdP.Server.Hosting;

/// <summary>
/// The browser session at ConnexIdP: who is signed in and how (<see cref="SignInFacts"/>), and the pending sign-in of
/// someone whose password was right and who still owes a second factor. The pending sign-in is a cookie of its own
/// that opens nothing but the second-factor and enrollment pages.
/// </summary>
internal static class AccountSession
{
    /// <summary>The signed-in account, or null when there is no session or it ended (account disabled, credentials changed).</summary>
    public static async Task<Account?> CurrentAccountAsync(HttpContext http, AccountService accounts, CancellationToken cancellationToken) =>
        (await CurrentAsync(http, accounts, cancellationToken))?.Account;

    /// <summary>The signed-in account and how it signed in, or null.</summary>
    public static async Task<(Account Account, SignInFacts Facts)?> CurrentAsync(HttpContext http, AccountService accounts, CancellationToken cancellationToken)
    {
        var session = await http.AuthenticateAsync(SessionDefaults.Scheme);
        return session.Succeeded ? await ReadAsync(session.Principal, accounts, cancellationToken) : null;
    }

    public static async Task<Account?> CurrentAccountAsync(ClaimsPrincipal session, AccountService accounts, CancellationToken cancellationToken) =>
        (await ReadAsync(session, accounts, cancellationToken))?.Account;

    /// <summary>The account whose password was right in this browser and which owes a second factor, or null.</summary>
    public static async Task<(Account Account, SignInFacts Facts)?> PendingAsync(HttpContext http, AccountService accounts, CancellationToken cancellationToken)
    {
        var pending = await http.AuthenticateAsync(SessionDefaults.PendingScheme);
        return pending.Succeeded && await ReadAsync(pending.Principal, accounts, cancellationToken) is { } found
            ? (found.Account, found.Facts with { IsPending = true })
            : null;
    }

    /// <summary>The pending sign-in when there is one (it is the newer intent: someone just gave a password here), else the session.</summary>
    public static async Task<(Account Account, SignInFacts Facts)?> PendingOrCurrentAsync(HttpContext http, AccountService accounts, CancellationToken cancellationToken) =>
        await PendingAsync(http, accounts, cancellationToken) ?? await CurrentAsync(http, accounts, cancellationToken);

    /// <summary>Ends the session and any pending sign-in of this browser.</summary>
    public static async Task SignOutAsync(HttpContext http)
    {
        await http.SignOutAsync(SessionDefaults.Scheme);
        await http.SignOutAsync(SessionDefaults.PendingScheme);
    }

    /// <summary>
    /// Issues the session cookie for <paramref name="account"/>, signed in as <paramref name="facts"/> say; ends any
    /// pending sign-in. <paramref name="newSignIn"/> (or a pending sign-in of the account completing) starts a new
    /// session lifetime, and only then is the sign-in complete: the browser becomes a known device of the account and
    /// <c>signin.succeeded</c> is recorded. A correct password that still owes a second factor does neither.
    /// </summary>
    public static async Task SignInAsync(HttpContext http, Account account, SignInFacts facts, bool newSignIn = false)
    {
        var properties = new AuthenticationProperties { IsPersistent = false };
        var pending = await http.AuthenticateAsync(SessionDefaults.PendingScheme);
        var completes = newSignIn || facts.IsPending || (pending.Succeeded && pending.Principal?.FindFirst(Claims.Subject)?.Value == account.Id);

        // Re-issuing the same account's session (a step-up, a credential change) keeps its absolute expiry: it never
        // grows a session's life. A new sign-in (from the sign-in page or a pending sign-in) starts a new one.
        var now = http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
        var current = await http.AuthenticateAsync(SessionDefaults.Scheme);
        if (!completes && current.Succeeded && current.Principal?.FindFirst(Claims.Subject)?.Value == account.Id && current.Properties?.ExpiresUtc is not null)
        {
            SessionLifetime.Continue(current.Properties, properties, now);
        }
        else
        {
            SessionLifetime.Start(properties, http.RequestServices.GetRequiredService<IOptions<SessionOptions>>().Value, now);
        }

        await http.SignOutAsync(SessionDefaults.PendingScheme);
        await http.SignInAsync(SessionDefaults.Scheme, Principal(SessionDefaults.Scheme, account, facts with { IsPending = false }), properties);
        if (completes)
        {
            var devices = http.RequestServices.GetRequiredService<KnownDeviceCookie>();
            devices.Issue(http, account.Id, devices.Read(http));
            await http.RequestServices.GetRequiredService<AccountService>()
                .RecordSignInAsync(account, facts.Methods, SecurityEventRequest.Describe(http), CancellationToken.None);
        }
    }

    /// <summary>Issues the session cookie for a password-only sign-in at <paramref name="authenticatedAt"/>.</summary>
    public static Task SignInAsync(HttpContext http, Account account, DateTimeOffset authenticatedAt) =>
        SignInAsync(http, account, new SignInFacts(authenticatedAt, [AuthenticationMethods.Password]), newSignIn: true);

    /// <summary>Remembers a correct password while the second factor is asked for; no session exists until it is given.</summary>
    /// <remarks>Any session of this browser ends: whoever gave the password is the one signing in now.</remarks>
    public static async Task StartPendingAsync(HttpContext http, Account account, DateTimeOffset passwordAt)
    {
        await http.SignOutAsync(SessionDefaults.Scheme);
        await http.SignInAsync(SessionDefaults.PendingScheme, Principal(SessionDefaults.PendingScheme, account, new SignInFacts(passwordAt, [AuthenticationMethods.Password])));
    }

    /// <summary>
    /// Re-issues the current session for <paramref name="account"/> after its security stamp changed (a password or email
    /// change by the person), keeping how and when it signed in.
    /// </summary>
    public static async Task ReissueAsync(HttpContext http, Account account, DateTimeOffset now)
    {
        var session = await http.AuthenticateAsync(SessionDefaults.Scheme);
        var facts = session.Succeeded ? SignInFacts.From(session.Principal) : null;
        await SignInAsync(http, account, facts ?? new SignInFacts(now, [AuthenticationMethods.Password]));
    }

    /// <summary>The page every password change goes through, returning to <paramref name="returnUrl"/> afterwards.</summary>
    public static string PasswordChangePath(string? returnUrl) => WithReturn("/account/password", returnUrl);

    public static string WithReturn(string path, string? returnUrl) =>
        path + (string.IsNullOrEmpty(returnUrl) ? string.Empty : "?returnUrl=" + Uri.EscapeDataString(returnUrl));

    private static async Task<(Account Account, SignInFacts Facts)?> ReadAsync(ClaimsPrincipal? principal, AccountService accounts, CancellationToken cancellationToken)
    {
        var subject = principal?.FindFirst(Claims.Subject)?.Value;
        var facts = principal is null ? null : SignInFacts.From(principal);
        if (subject is null || facts is null)
        {
            return null;
        }

        var account = await accounts.FindByIdAsync(subject, cancellationToken);
        var stamp = principal!.FindFirst(SessionDefaults.SecurityStampClaim)?.Value;
        return account is { Status: AccountStatus.Active } && account.SecurityStamp == stamp ? (account, facts) : null;
    }

    private static ClaimsPrincipal Principal(string scheme, Account account, SignInFacts facts)
    {
        var identity = new ClaimsIdentity(scheme, Claims.Name, Claims.Role);
        identity.AddClaim(new Claim(Claims.Subject, account.Id));
        identity.AddClaim(new Claim(Claims.Email, account.Email));
        identity.AddClaim(new Claim(Claims.Name, account.DisplayName ?? account.Email));
        identity.AddClaim(new Claim(Claims.AuthenticationTime, Seconds(facts.AuthenticatedAt)));
        foreach (var method in facts.Methods)
        {
            identity.AddClaim(new Claim(Claims.AuthenticationMethodReference, method));
        }

        if (facts.SecondFactorAt is { } secondFactorAt)
        {
            identity.AddClaim(new Claim(SessionDefaults.SecondFactorAtClaim, Seconds(secondFactorAt)));
        }

        identity.AddClaim(new Claim(SessionDefaults.SecurityStampClaim, account.SecurityStamp));
        return new ClaimsPrincipal(identity);
    }

    private static string Seconds(DateTimeOffset time) => time.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
}
