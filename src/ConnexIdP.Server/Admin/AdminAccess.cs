using System.Security.Claims;
using ConnexIdP.Core.Accounts;
using ConnexIdP.Core.SecondFactors;
using Microsoft.AspNetCore.Authorization;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace ConnexIdP.Server.Admin;

/// <summary>
/// Who may use the admin API: a token with the <c>admin</c> scope, issued either to a client by client credentials
/// (its subject is the client itself; an operator allowed it the scope) or to a person by the code flow, who must still
/// be an active administrator (any client allowed the scope could otherwise obtain it for any account) whose sign-in used a
/// second factor.
/// </summary>
internal sealed class AdminAccess : IAuthorizationRequirement
{
    /// <summary>How the caller is named in events and in the blocks it places: <c>client:worker</c> or <c>account:&lt;id&gt;</c>.</summary>
    public static string Actor(ClaimsPrincipal user)
    {
        var subject = user.GetClaim(Claims.Subject);
        return IsClient(user) ? $"admin-api:client:{subject}" : $"admin-api:account:{subject}";
    }

    private static bool IsClient(ClaimsPrincipal user) =>
        user.GetClaim(Claims.Subject) is { } subject && string.Equals(subject, user.GetClaim(Claims.ClientId), StringComparison.Ordinal);

    internal sealed class Handler(AccountService accounts) : AuthorizationHandler<AdminAccess>
    {
        protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, AdminAccess requirement)
        {
            var user = context.User;
            if (!user.HasScope(AdminApiSetup.Scope) || user.GetClaim(Claims.Subject) is not { } subject)
            {
                return;
            }

            // A person's token must show a second factor (amr "mfa"): an administrator's password alone opens nothing.
            if (IsClient(user)
                || (user.GetClaims(Claims.AuthenticationMethodReference).Contains(AuthenticationMethods.MultipleFactors)
                    && await accounts.FindByIdAsync(subject, CancellationToken.None) is { Status: AccountStatus.Active, IsAdmin: true }))
            {
                context.Succeed(requirement);
            }
        }
    }
}
