using System.Globalization;
using Microsoft.AspNetCore.Http.Extensions;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace ConnexIdP.Server.Oidc;

/// <summary>
/// Builds the local URL the sign-in page returns to: the authorization request itself (as a GET, even when it came
/// as a POST), marked with the time the sign-in was asked for so <c>prompt=login</c> is satisfied exactly once.
/// </summary>
internal static class SignInReturn
{
    public const string FreshParameter = "connexidp_fresh";

    public static string Build(HttpRequest http, OpenIddictRequest request, TimeProvider clock)
    {
        // The parameters as the client sent them: with a pushed request that is just client_id and request_uri.
        var parameters = new QueryBuilder();
        var sent = http.HasFormContentType ? (IEnumerable<KeyValuePair<string, Microsoft.Extensions.Primitives.StringValues>>)http.Form : http.Query;
        foreach (var (name, values) in sent)
        {
            if (name is FreshParameter or AuthorizationController.ConsentDecisionField or AuthorizationController.SecondFactorDeclinedParameter or "__af")
            {
                continue;
            }

            foreach (var item in values)
            {
                if (item is not null)
                {
                    parameters.Add(name, item);
                }
            }
        }

        if (request.HasPromptValue(PromptValues.Login) || request.MaxAge is not null)
        {
            parameters.Add(FreshParameter, clock.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
        }

        return http.PathBase + "/" + OidcServerSetup.AuthorizationPath + parameters.ToQueryString();
    }
}
