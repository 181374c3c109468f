using System.Net;
using ConnexIdP.Core.Defence;
using ConnexIdP.Core.Security;
using ConnexIdP.Server.Hosting;
using Microsoft.AspNetCore;
using OpenIddict.Server;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;
using static OpenIddict.Server.OpenIddictServerHandlers;

namespace ConnexIdP.Server.Oidc;

/// <summary>
/// Backoff for client secrets, at every endpoint where clients authenticate (token, introspection, revocation, PAR):
/// failures are counted per client id and per source address; while either counter is in backoff the request is
/// answered 429 with <c>Retry-After</c> and <c>invalid_client</c>, and the secret is not checked. A success forgets both.
/// Unlike sign-in there is no lockout: a client id is no secret, and locking it would let anyone switch the client off.
/// </summary>
internal static partial class ClientAuthenticationDefence
{
    /// <summary>The client and source of a secret being checked; present on the transaction until the check succeeded.</summary>
    private const string CheckingProperty = "connexidp:checking_client_secret";

    /// <summary>Set when the request was refused by the backoff: the seconds for <c>Retry-After</c>.</summary>
    private const string RefusedProperty = "connexidp:client_backoff_refusal";

    public static IEnumerable<OpenIddictServerHandlerDescriptor> Descriptors { get; } =
    [
        RefuseDuringBackoff.Descriptor,
        ForgetFailures.Descriptor,
        CountFailure<ApplyTokenResponseContext>.Descriptor,
        CountFailure<ApplyIntrospectionResponseContext>.Descriptor,
        CountFailure<ApplyRevocationResponseContext>.Descriptor,
        CountFailure<ApplyPushedAuthorizationResponseContext>.Descriptor,
        AnswerTooManyRequests<ApplyTokenResponseContext>.Descriptor,
        AnswerTooManyRequests<ApplyIntrospectionResponseContext>.Descriptor,
        AnswerTooManyRequests<ApplyRevocationResponseContext>.Descriptor,
        AnswerTooManyRequests<ApplyPushedAuthorizationResponseContext>.Descriptor,
    ];

    private sealed record SecretAttempt(string ClientId, IPAddress? Source, SecurityEventContext Request)
    {
        public string[] Keys { get; } = Source is null
            ? [CounterKey.ForClient(ClientId)]
            : [CounterKey.ForClient(ClientId), CounterKey.ForClientSource(Source.ToString())];

        /// <summary>What the backoff found before the secret was checked: what a success resets and remembers.</summary>
        public ClientBackoffReading? Reading { get; set; }
    }

    /// <summary>
    /// Before the client id is looked up (so guessed ids count on the source too): refuses a request presenting a secret
    /// while its client or its source is in backoff, and otherwise marks the secret as being checked.
    /// </summary>
    public sealed class RefuseDuringBackoff(ClientBackoff backoff, SecurityEventLog events) : IOpenIddictServerHandler<ProcessAuthenticationContext>
    {
        public static OpenIddictServerHandlerDescriptor Descriptor { get; } = OpenIddictServerHandlerDescriptor.CreateBuilder<ProcessAuthenticationContext>()
            .UseScopedHandler<RefuseDuringBackoff>()
            .SetOrder(ValidateClientId.Descriptor.Order - 100)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

        public async ValueTask HandleAsync(ProcessAuthenticationContext context)
        {
            if (string.IsNullOrEmpty(context.ClientId) || string.IsNullOrEmpty(context.ClientSecret) || context.Transaction.GetHttpRequest()?.HttpContext is not { } http)
            {
                return;
            }

            var attempt = new SecretAttempt(context.ClientId, http.Connection.RemoteIpAddress, SecurityEventRequest.Describe(http));
            attempt.Reading = await backoff.ReadAsync(attempt.Keys, context.CancellationToken);
            if (attempt.Reading.Refusal is not { } longest)
            {
                context.Transaction.Properties[CheckingProperty] = attempt;
                return;
            }

            context.Transaction.Properties[RefusedProperty] = longest;
            await events.RecordAsync(SecurityEventTypes.ClientAuthenticationRefused, SecuritySeverity.Low, SecurityOutcome.Refused, attempt.Request,
                context.CancellationToken, clientId: attempt.ClientId, details: "client secret not checked; " + longest.Describe());
            context.Reject(Errors.InvalidClient, "Too many failed client authentications. " + longest.Message.Replace("Too many failed attempts. ", string.Empty, StringComparison.Ordinal));
        }
    }

    /// <summary>Right after OpenIddict accepted the secret: forgets the failures of the client and of the source.</summary>
    public sealed class ForgetFailures(ClientBackoff backoff) : IOpenIddictServerHandler<ProcessAuthenticationContext>
    {
        public static OpenIddictServerHandlerDescriptor Descriptor { get; } = OpenIddictServerHandlerDescriptor.CreateBuilder<ProcessAuthenticationContext>()
            .UseScopedHandler<ForgetFailures>()
            .SetOrder(ValidateClientSecret.Descriptor.Order + 1)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

        public async ValueTask HandleAsync(ProcessAuthenticationContext context)
        {
            if (context.Transaction.Properties.Remove(CheckingProperty, out var value) && value is SecretAttempt { Reading: { } reading })
            {
                // Resets only keys that had failures: a token request with nothing on record writes nothing here.
                await backoff.SucceededAsync(reading, context.CancellationToken);
            }
        }
    }

    /// <summary>The secret (or the client id it came with) was refused: one more failure for the client and for the source.</summary>
    public sealed class CountFailure<TContext>(ClientBackoff backoff, SecurityEventLog events) : IOpenIddictServerHandler<TContext>
        where TContext : BaseRequestContext
    {
        public static OpenIddictServerHandlerDescriptor Descriptor { get; } = OpenIddictServerHandlerDescriptor.CreateBuilder<TContext>()
            .UseScopedHandler<CountFailure<TContext>>()
            .SetOrder(int.MinValue + 60_000)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

        public async ValueTask HandleAsync(TContext context)
        {
            if (!context.Transaction.Properties.Remove(CheckingProperty, out var value) || value is not SecretAttempt attempt
                || context.Transaction.Response?.Error != Errors.InvalidClient)
            {
                return;
            }

            await backoff.FailedAsync(attempt.Keys, context.CancellationToken);

            await events.RecordAsync(SecurityEventTypes.ClientAuthenticationFailed, SecuritySeverity.Low, SecurityOutcome.Failure, attempt.Request,
                context.CancellationToken, clientId: attempt.ClientId, details: "client secret (or client id) refused");
        }
    }

    /// <summary>After OpenIddict chose the status (401 for <c>invalid_client</c>): 429 with <c>Retry-After</c> for a backoff refusal.</summary>
    public sealed class AnswerTooManyRequests<TContext> : IOpenIddictServerHandler<TContext>
        where TContext : BaseRequestContext
    {
        public static OpenIddictServerHandlerDescriptor Descriptor { get; } = OpenIddictServerHandlerDescriptor.CreateBuilder<TContext>()
            .UseSingletonHandler<AnswerTooManyRequests<TContext>>()
            .SetOrder(OpenIddictServerAspNetCoreHandlers.AttachHttpResponseCode<TContext>.Descriptor.Order + 1)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

        public ValueTask HandleAsync(TContext context)
        {
            if (context.Transaction.Properties.TryGetValue(RefusedProperty, out var value) && value is DefenceRefusal refusal
                && context.Transaction.GetHttpRequest()?.HttpContext.Response is { } response)
            {
                response.StatusCode = StatusCodes.Status429TooManyRequests;
                response.Headers.RetryAfter = refusal.RetryAfterSeconds?.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            return ValueTask.CompletedTask;
        }
    }
}
