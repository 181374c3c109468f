using System.Security.Claims;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;
using static OpenIddict.Server.OpenIddictServerHandlers;

namespace ConnexIdP.Server.Oidc;

/// <summary>
/// What <c>private_key_jwt</c> needs beyond OpenIddict 7.8: a client assertion is single-use (OIDC Core §9: "These
/// tokens MUST only be used once"), and any fault in one is answered <c>invalid_client</c> (RFC 7523 §3.2), where
/// OpenIddict passes some token validation errors on as they are: an assertion for another audience reached the
/// client as <c>invalid_token</c> (<c>invalid_grant</c> with code and refresh grants, which OpenIddict rewrites).
/// </summary>
internal static partial class ClientAssertionHandlers
{
    /// <summary>Present on the transaction while OpenIddict is checking a client assertion.</summary>
    private const string CheckingProperty = "connexidp:checking_client_assertion";

    /// <summary>The type of the token entries that remember used assertions until they expire (then pruned with the rest).</summary>
    public const string UsedAssertionType = "urn:connexidp:token-type:used_client_assertion";

    public static IEnumerable<OpenIddictServerHandlerDescriptor> Descriptors { get; } =
    [
        BeginCheck.Descriptor,
        RejectReplay.Descriptor,
        EndCheck.Descriptor,
        ReportAsInvalidClient<ApplyTokenResponseContext>.Descriptor,
        ReportAsInvalidClient<ApplyIntrospectionResponseContext>.Descriptor,
        ReportAsInvalidClient<ApplyRevocationResponseContext>.Descriptor,
        ReportAsInvalidClient<ApplyPushedAuthorizationResponseContext>.Descriptor,
    ];

    /// <summary>Marks the start of OpenIddict's assertion checks: a rejection before <see cref="EndCheck"/> is the assertion's fault.</summary>
    public sealed class BeginCheck : IOpenIddictServerHandler<ProcessAuthenticationContext>
    {
        public static OpenIddictServerHandlerDescriptor Descriptor { get; } = OpenIddictServerHandlerDescriptor.CreateBuilder<ProcessAuthenticationContext>()
            .UseSingletonHandler<BeginCheck>()
            .SetOrder(ValidateClientAssertion.Descriptor.Order - 500)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

        public ValueTask HandleAsync(ProcessAuthenticationContext context)
        {
            if (!string.IsNullOrEmpty(context.ClientAssertion))
            {
                context.Transaction.Properties[CheckingProperty] = true;
            }

            return ValueTask.CompletedTask;
        }
    }

    /// <summary>
    /// Refuses an assertion whose <c>jti</c> this client already used, and remembers the <c>jti</c> until the assertion
    /// expires. The token store's unique reference id settles a race between two requests carrying the same assertion.
    /// </summary>
    public sealed class RejectReplay(IOpenIddictTokenManager tokens, IOpenIddictApplicationManager applications, ILogger<RejectReplay> logger)
        : IOpenIddictServerHandler<ProcessAuthenticationContext>
    {
        public static OpenIddictServerHandlerDescriptor Descriptor { get; } = OpenIddictServerHandlerDescriptor.CreateBuilder<ProcessAuthenticationContext>()
            .AddFilter<OpenIddictServerHandlerFilters.RequireClientAssertionPrincipal>()
            .UseScopedHandler<RejectReplay>()
            .SetOrder(ValidateClientId.Descriptor.Order - 500)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

        public async ValueTask HandleAsync(ProcessAuthenticationContext context)
        {
            var principal = context.ClientAssertionPrincipal!;
            var clientId = principal.GetClaim(Claims.Issuer);
            var jti = principal.GetClaim(Claims.JwtId);
            var expires = principal.GetExpirationDate();
            if (string.IsNullOrEmpty(jti) || string.IsNullOrEmpty(clientId) || expires is null)
            {
                context.Reject(Errors.InvalidClient, "The client assertion must carry a 'jti' claim.");
                return;
            }

            var referenceId = clientId + " " + jti;
            if (await tokens.FindByReferenceIdAsync(referenceId, context.CancellationToken) is not null)
            {
                context.Reject(Errors.InvalidClient, "The client assertion was already used.");
                return;
            }

            var application = await applications.FindByClientIdAsync(clientId, context.CancellationToken);
            try
            {
                await tokens.CreateAsync(new OpenIddictTokenDescriptor
                {
                    ApplicationId = application is null ? null : await applications.GetIdAsync(application, context.CancellationToken),
                    CreationDate = context.Options.TimeProvider.GetUtcNow(),
                    ExpirationDate = expires,
                    ReferenceId = referenceId,
                    Status = Statuses.Redeemed,
                    Type = UsedAssertionType,
                }, context.CancellationToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // Most likely the same assertion used at the same moment by another request, which won: fail closed.
                LogNotRecorded(logger, exception);
                context.Reject(Errors.InvalidClient, "The client assertion was already used.");
            }
        }
    }

    /// <summary>Marks the end of the assertion checks (OpenIddict's come right before its client id check), <see cref="RejectReplay"/> included.</summary>
    public sealed class EndCheck : IOpenIddictServerHandler<ProcessAuthenticationContext>
    {
        public static OpenIddictServerHandlerDescriptor Descriptor { get; } = OpenIddictServerHandlerDescriptor.CreateBuilder<ProcessAuthenticationContext>()
            .UseSingletonHandler<EndCheck>()
            .SetOrder(ValidateClientId.Descriptor.Order - 250)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

        public ValueTask HandleAsync(ProcessAuthenticationContext context)
        {
            context.Transaction.Properties.Remove(CheckingProperty);
            return ValueTask.CompletedTask;
        }
    }

    /// <summary>
    /// Answers <c>invalid_client</c> when the request failed while its assertion was being checked; runs before
    /// OpenIddict rewrites errors per endpoint and before the HTTP status (401) is chosen.
    /// </summary>
    public sealed class ReportAsInvalidClient<TContext> : IOpenIddictServerHandler<TContext>
        where TContext : BaseRequestContext
    {
        public static OpenIddictServerHandlerDescriptor Descriptor { get; } = OpenIddictServerHandlerDescriptor.CreateBuilder<TContext>()
            .UseSingletonHandler<ReportAsInvalidClient<TContext>>()
            .SetOrder(int.MinValue + 50_000)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

        public ValueTask HandleAsync(TContext context)
        {
            if (context.Transaction.Properties.ContainsKey(CheckingProperty) && context.Transaction.Response is { Error.Length: > 0 } response)
            {
                response.Error = Errors.InvalidClient;
            }

            return ValueTask.CompletedTask;
        }
    }

    [LoggerMessage(EventId = 2201, Level = LogLevel.Warning, Message = "A client assertion could not be recorded as used; it is refused")]
    private static partial void LogNotRecorded(ILogger logger, Exception exception);
}
