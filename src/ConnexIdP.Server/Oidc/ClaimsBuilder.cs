using System.Globalization;
using System.Security.Claims;
using ConnexIdP.Core.Accounts;
using ConnexIdP.Core.SecondFactors;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace ConnexIdP.Server.Oidc;

/// <summary>
/// Decides which claims of an account flow into which token: the one place that maps scopes to claims.
/// <c>sub</c> everywhere; <c>name</c> with <c>profile</c>; <c>email</c> with <c>email</c>; <c>auth_time</c> in the ID token;
/// <c>amr</c> and <c>acr</c> (asked for, or multi-factor) in the ID and access tokens.
/// </summary>
public sealed class ClaimsBuilder
{
    public ClaimsIdentity ForAccount(Account account, SignInFacts facts, IEnumerable<string> scopes, bool acrRequested)
    {
        var identity = new ClaimsIdentity(
            authenticationType: TokenValidationParameters.DefaultAuthenticationType,
            nameType: Claims.Name,
            roleType: Claims.Role);

        identity.SetClaim(Claims.Subject, account.Id);
        identity.SetClaim(Claims.Email, account.Email);
        identity.SetClaim(Claims.Name, account.DisplayName ?? account.Email);
        identity.AddClaim(new Claim(Claims.AuthenticationTime, facts.AuthenticatedAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), ClaimValueTypes.Integer64));
        identity.SetClaims(Claims.AuthenticationMethodReference, [.. facts.Methods]);
        if (acrRequested || facts.IsMultiFactor)
        {
            identity.SetClaim(Claims.AuthenticationContextReference, AuthenticationLevels.Of(facts.IsMultiFactor));
        }

        identity.SetScopes(scopes);
        identity.SetDestinations(claim => DestinationsOf(claim, identity));
        return identity;
    }

    public static ClaimsIdentity ForClient(string clientId, string? displayName, IEnumerable<string> scopes)
    {
        var identity = new ClaimsIdentity(TokenValidationParameters.DefaultAuthenticationType, Claims.Name, Claims.Role);
        identity.SetClaim(Claims.Subject, clientId);
        identity.SetClaim(Claims.Name, displayName ?? clientId);
        identity.SetScopes(scopes);
        identity.SetDestinations(static claim => claim.Type is Claims.Subject ? [Destinations.AccessToken] : []);
        return identity;
    }

    private static IEnumerable<string> DestinationsOf(Claim claim, ClaimsIdentity identity)
    {
        switch (claim.Type)
        {
            case Claims.Subject:
                return [Destinations.AccessToken, Destinations.IdentityToken];
            case Claims.Name when identity.HasScope(Scopes.Profile):
                return [Destinations.AccessToken, Destinations.IdentityToken];
            case Claims.Email when identity.HasScope(Scopes.Email):
                return [Destinations.AccessToken, Destinations.IdentityToken];
            // APIs (the admin API first) decide on how the person signed in, so amr and acr ride in the access token too.
            case Claims.AuthenticationMethodReference or Claims.AuthenticationContextReference:
                return [Destinations.AccessToken, Destinations.IdentityToken];
            case Claims.AuthenticationTime:
                return [Destinations.IdentityToken];
            default:
                return [];
        }
    }
}
