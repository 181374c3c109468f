using System.Globalization;
using System.Security.Claims;
using ConnexIdP.Core.Accounts;
using Microsoft.AspNetCore.Authentication;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace ConnexIdP.Server.Hosting;

/// <summary>The browser session at ConnexIdP: who is signed in, and issuing the session cookie.</summary>
internal static class AccountSession
{
    /// <summary>The signed-in account, or null when there is no session or it ended (account disabled, credentials changed).</summary>
    public static async Task<Account?> CurrentAccountAsync(HttpContext http, AccountService accounts, CancellationToken cancellationToken)
    {
        var session = await http.AuthenticateAsync(SessionDefaults.Scheme);
        return session.Succeeded ? await CurrentAccountAsync(session.Principal, accounts, cancellationToken) : null;
    }

    public static async Task<Account?> CurrentAccountAsync(ClaimsPrincipal session, AccountService accounts, CancellationToken cancellationToken)
    {
        var subject = session.FindFirst(Claims.Subject)?.Value;
        if (subject is null)
        {
            return null;
        }

        var account = await accounts.FindByIdAsync(subject, cancellationToken);
        var stamp = session.FindFirst(SessionDefaults.SecurityStampClaim)?.Value;
        return account is { Status: AccountStatus.Active } && account.SecurityStamp == stamp ? account : null;
    }

    /// <summary>Issues the session cookie for <paramref name="account"/>, signed in with a password at <paramref name="authenticatedAt"/>.</summary>
    public static Task SignInAsync(HttpContext http, Account account, DateTimeOffset authenticatedAt)
    {
        var identity = new ClaimsIdentity(SessionDefaults.Scheme, Claims.Name, Claims.Role);
        identity.AddClaim(new Claim(Claims.Subject, account.Id));
        identity.AddClaim(new Claim(Claims.Email, account.Email));
        identity.AddClaim(new Claim(Claims.Name, account.DisplayName ?? account.Email));
        identity.AddClaim(new Claim(Claims.AuthenticationTime, authenticatedAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)));
        identity.AddClaim(new Claim(Claims.AuthenticationMethodReference, "pwd"));
        identity.AddClaim(new Claim(SessionDefaults.SecurityStampClaim, account.SecurityStamp));
        return http.SignInAsync(SessionDefaults.Scheme, new ClaimsPrincipal(identity), new AuthenticationProperties { IsPersistent = false });
    }

    /// <summary>The sign-in time recorded in the current session, for re-issuing the cookie after a credential change.</summary>
    public static async Task<DateTimeOffset?> AuthenticatedAtAsync(HttpContext http)
    {
        var session = await http.AuthenticateAsync(SessionDefaults.Scheme);
        return long.TryParse(session.Principal?.FindFirst(Claims.AuthenticationTime)?.Value, CultureInfo.InvariantCulture, out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : null;
    }

    /// <summary>The page every password change goes through, returning to <paramref name="returnUrl"/> afterwards.</summary>
    public static string PasswordChangePath(string? returnUrl) =>
        "/account/password" + (string.IsNullOrEmpty(returnUrl) ? string.Empty : "?returnUrl=" + Uri.EscapeDataString(returnUrl));
}
