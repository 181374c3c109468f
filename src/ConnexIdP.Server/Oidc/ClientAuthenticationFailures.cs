using ConnexIdP.Core.Security.Detection;
using ConnexIdP.Server.Hosting;
using OpenIddict.Server;
using Microsoft.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace ConnexIdP.Server.Oidc;

/// <summary>
/// Reports every <c>invalid_client</c> answer of the endpoints that authenticate clients (token, introspection,
/// revocation, PAR) to the detection rules, with the client id presented and the source address, never the secret.
/// </summary>
internal sealed class ClientAuthenticationFailures<TContext>(SourceDefence defence) : IOpenIddictServerHandler<TContext>
    where TContext : BaseRequestContext
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } = OpenIddictServerHandlerDescriptor.CreateBuilder<TContext>()
        .UseSingletonHandler<ClientAuthenticationFailures<TContext>>()
        .SetOrder(int.MinValue + 100_000)
        .SetType(OpenIddictServerHandlerType.Custom)
        .Build();

    public async ValueTask HandleAsync(TContext context)
    {
        if (context.Transaction.Response?.Error != Errors.InvalidClient
            || context.Transaction.GetHttpRequest()?.HttpContext is not { Connection.RemoteIpAddress: { } source } http)
        {
            return;
        }

        var clientId = context.Transaction.Request?.ClientId;
        await defence.ObserveAsync(new SourceObservation(ObservationKind.ClientAuthenticationFailed, source,
            ClientId: clientId is { Length: <= 100 } ? clientId : "(over-long client id)", Request: SecurityEventRequest.Describe(http)), context.CancellationToken);
    }
}

/// <summary>The descriptors of <see cref="ClientAuthenticationFailures{TContext}"/>, one per endpoint that authenticates clients.</summary>
internal static class ClientAuthenticationFailures
{
    public static IEnumerable<OpenIddictServerHandlerDescriptor> Descriptors =>
    [
        ClientAuthenticationFailures<ApplyTokenResponseContext>.Descriptor,
        ClientAuthenticationFailures<ApplyIntrospectionResponseContext>.Descriptor,
        ClientAuthenticationFailures<ApplyRevocationResponseContext>.Descriptor,
        ClientAuthenticationFailures<ApplyPushedAuthorizationResponseContext>.Descriptor,
    ];
}
