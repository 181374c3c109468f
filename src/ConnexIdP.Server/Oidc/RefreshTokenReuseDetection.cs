using ConnexIdP.Core.Security.Detection;
using ConnexIdP.Server.Hosting;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using Microsoft.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace ConnexIdP.Server.Oidc;

/// <summary>
/// Reports a rotated refresh token presented again at the token endpoint. It runs just before OpenIddict's
/// <c>ValidateTokenEntry</c>, which then revokes the token's family and refuses the request; a token the client's
/// reuse leeway still allows (<see cref="ClientRefreshTokenLeeway"/>) is not reported.
/// </summary>
internal sealed class RefreshTokenReuseDetection(IOpenIddictTokenManager tokens, SourceDefence defence) : IOpenIddictServerHandler<ValidateTokenContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } = OpenIddictServerHandlerDescriptor.CreateBuilder<ValidateTokenContext>()
        .AddFilter<OpenIddictServerHandlerFilters.RequireDegradedModeDisabled>()
        .AddFilter<OpenIddictServerHandlerFilters.RequireTokenStorageEnabled>()
        .AddFilter<OpenIddictServerHandlerFilters.RequireTokenIdResolved>()
        .AddFilter<ClientRefreshTokenLeeway.SkipWhenReusable>()
        .UseScopedHandler<RefreshTokenReuseDetection>()
        .SetOrder(ClientRefreshTokenLeeway.Descriptor.Order + 100)
        .SetType(OpenIddictServerHandlerType.Custom)
        .Build();

    public async ValueTask HandleAsync(ValidateTokenContext context)
    {
        if (context.EndpointType != OpenIddictServerEndpointType.Token
            || context.Request?.IsRefreshTokenGrantType() != true
            || context.Principal is null || !context.Principal.HasTokenType(TokenTypeIdentifiers.RefreshToken)
            || context.Transaction.GetHttpRequest()?.HttpContext is not { Connection.RemoteIpAddress: { } source } http)
        {
            return;
        }

        var token = await tokens.FindByIdAsync(context.TokenId!, context.CancellationToken);
        if (token is null || !await tokens.HasStatusAsync(token, Statuses.Redeemed, context.CancellationToken))
        {
            return;
        }

        var clientId = context.Request.ClientId;
        await defence.ObserveAsync(new SourceObservation(ObservationKind.RefreshTokenReused, source,
            ClientId: clientId is { Length: <= 100 } ? clientId : null, Request: SecurityEventRequest.Describe(http)), context.CancellationToken);
    }
}
