using System.Collections.Frozen;
using Microsoft.Extensions.Primitives;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace ConnexIdP.Server.Oidc;

/// <summary>
/// Refuses an OAuth request that repeats a parameter (RFC 6749 §3.1: parameters "MUST NOT be included more than
/// once") or carries an oversized value, right after OpenIddict extracts it and before anything reads it. OpenIddict
/// keeps a repeated parameter as an array that its accessors read as absent, so a doubled
/// <c>post_logout_redirect_uri</c> or <c>state</c> would otherwise be dropped silently; and an oversized value such
/// as a 100 KB <c>state</c> would be echoed into redirect URLs that browsers and proxies refuse. (Broken encodings
/// never get this far: <c>MalformedRequestGuard</c> refuses them.)
/// </summary>
internal sealed class RejectMalformedParameters : IOpenIddictServerHandler<ProcessRequestContext>
{
    /// <summary>Set on the transaction when this refused the request: its error must not travel to a redirect URI.</summary>
    public const string RejectedProperty = "connexidp:malformed_parameters";

    /// <summary>Longer than any token, assertion or <c>state</c> this server issues or expects.</summary>
    public const int MaximumValueLength = 16 * 1024;

    // Resource indicators (RFC 8707) and token exchange audiences are meant to repeat.
    private static readonly FrozenSet<string> Repeatable = FrozenSet.ToFrozenSet([Parameters.Resource, Parameters.Audience], StringComparer.Ordinal);

    // Between OpenIddict's extraction of the request (the same order for every endpoint) and its validation.
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } = OpenIddictServerHandlerDescriptor.CreateBuilder<ProcessRequestContext>()
        .UseSingletonHandler<RejectMalformedParameters>()
        .SetOrder(OpenIddictServerHandlers.Authentication.ExtractAuthorizationRequest.Descriptor.Order + 500)
        .SetType(OpenIddictServerHandlerType.Custom)
        .Build();

    public ValueTask HandleAsync(ProcessRequestContext context)
    {
        // A re-executed request (the status code pages rendering an error) keeps the transaction and so the request,
        // but is no endpoint of OpenIddict's: it must not be judged again.
        if (context.EndpointType == OpenIddictServerEndpointType.Unknown || context.Transaction.Request is not { } request)
        {
            return ValueTask.CompletedTask;
        }

        foreach (var (name, parameter) in request.GetParameters())
        {
            var values = (StringValues)parameter;
            var problem = values.Count > 1 && !Repeatable.Contains(name) ? "A parameter is repeated; each may appear only once."
                : values.Any(v => v is { Length: > MaximumValueLength }) ? "A parameter value is too long."
                : null;
            if (problem is not null)
            {
                context.Transaction.Properties[RejectedProperty] = true;
                context.Reject(Errors.InvalidRequest, problem);
                break;
            }
        }

        return ValueTask.CompletedTask;
    }
}
