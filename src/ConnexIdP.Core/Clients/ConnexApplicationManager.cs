using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using OpenIddict.Core;
using OpenIddict.EntityFrameworkCore.Models;

namespace ConnexIdP.Core.Clients;

/// <summary>OpenIddict's application manager with the product's client-secret storage (<see cref="ClientSecretHasher"/>).</summary>
public sealed partial class ConnexApplicationManager(
    IOpenIddictApplicationCache<OpenIddictEntityFrameworkCoreApplication> cache,
    ILogger<OpenIddictApplicationManager<OpenIddictEntityFrameworkCoreApplication>> logger,
    IOptionsMonitor<OpenIddictCoreOptions> options,
    IOpenIddictApplicationStore<OpenIddictEntityFrameworkCoreApplication> store,
    ClientSecretHasher secrets)
    : OpenIddictApplicationManager<OpenIddictEntityFrameworkCoreApplication>(cache, logger, options, store)
{
    protected override ValueTask<string> ObfuscateClientSecretAsync(string secret, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(secrets.Hash(secret));

    protected override ValueTask<bool> ValidateClientSecretAsync(string secret, string comparand, CancellationToken cancellationToken = default) =>
        ClientSecretHasher.IsOwnFormat(comparand)
            ? ValueTask.FromResult(secrets.Verify(secret, comparand))
            : base.ValidateClientSecretAsync(secret, comparand, cancellationToken);

    /// <summary>
    /// A correct secret stored under a previous pepper is stored again under the current one while it is at hand, as a
    /// password is at sign-in, so that the previous pepper can be retired once every client has authenticated.
    /// </summary>
    public override async ValueTask<bool> ValidateClientSecretAsync(
        OpenIddictEntityFrameworkCoreApplication application, string secret, CancellationToken cancellationToken = default)
    {
        if (!await base.ValidateClientSecretAsync(application, secret, cancellationToken))
        {
            return false;
        }

        if (application.ClientSecret is { } stored && secrets.NeedsRehash(stored))
        {
            try
            {
                await UpdateAsync(application, secret, cancellationToken);
                LogSecretRehashed(Logger, application.ClientId);
            }
            catch (OpenIddictExceptions.ConcurrencyException)
            {
                // A concurrent request of the same client changed the row first (most likely rewriting this very secret).
            }
            catch (OpenIddictExceptions.ValidationException exception)
            {
                // The secret was right, so the request goes on; the next authentication tries again.
                LogSecretNotRehashed(Logger, application.ClientId, exception.Message);
            }
        }

        return true;
    }

    [LoggerMessage(EventId = 1301, Level = LogLevel.Information, Message = "Secret of client {ClientId} rewritten under the current pepper")]
    private static partial void LogSecretRehashed(ILogger logger, string? clientId);

    [LoggerMessage(EventId = 1302, Level = LogLevel.Warning, Message = "Secret of client {ClientId} could not be rewritten under the current pepper: {Reason}")]
    private static partial void LogSecretNotRehashed(ILogger logger, string? clientId, string reason);
}
