using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace ConnexIdP.Server.Oidc;

/// <summary>
/// OpenIddict answers every authorization request it refuses during validation with its own error page, so a client
/// that forgot PKCE or asked for an implicit response type is never told why (RFC 6749 §4.1.2.1 says it must be).
/// This sends such an error to the request's redirect URI, but only when that URI is exactly one registered for a
/// known client allowed at the authorization endpoint: a problem with the client or the redirect URI itself, or a
/// malformed request (<see cref="RejectMalformedParameters"/>), still ends on the error page, and nothing is ever
/// sent to an unverified address (RFC 9700 §4.1).
/// </summary>
internal sealed class ReturnErrorsToRegisteredRedirectUri(IOpenIddictApplicationManager applications)
    : IOpenIddictServerHandler<ApplyAuthorizationResponseContext>
{
    // After OpenIddict decides on a redirect URI (none for a rejected request), before it infers the response mode.
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } = OpenIddictServerHandlerDescriptor.CreateBuilder<ApplyAuthorizationResponseContext>()
        .UseScopedHandler<ReturnErrorsToRegisteredRedirectUri>()
        .SetOrder(OpenIddictServerHandlers.Authentication.AttachRedirectUri.Descriptor.Order + 500)
        .SetType(OpenIddictServerHandlerType.Custom)
        .Build();

    // A repeated client_id or redirect_uri reads as null here (OpenIddict keeps it as an array): no redirect then.
    public async ValueTask HandleAsync(ApplyAuthorizationResponseContext context)
    {
        var request = context.Request;
        if (!string.IsNullOrEmpty(context.RedirectUri) || string.IsNullOrEmpty(context.Response.Error) || request is null
            || context.Transaction.Properties.ContainsKey(RejectMalformedParameters.RejectedProperty)
            || !string.IsNullOrEmpty(request.RequestUri)
            || request.ResponseMode is not (null or ResponseModes.Query or ResponseModes.Fragment or ResponseModes.FormPost)
            || request.ClientId is not { Length: > 0 } clientId
            || request.RedirectUri is not { Length: > 0 } redirectUri)
        {
            return;
        }

        var application = await applications.FindByClientIdAsync(clientId);
        if (application is not null
            && await applications.HasPermissionAsync(application, Permissions.Endpoints.Authorization)
            && await applications.ValidateRedirectUriAsync(application, redirectUri))
        {
            context.RedirectUri = redirectUri;
        }
    }
}
