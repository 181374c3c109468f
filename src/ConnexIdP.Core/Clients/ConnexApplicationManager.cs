using ConnexIdP.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using OpenIddict.Core;
using OpenIddict.EntityFrameworkCore.Models;

namespace ConnexIdP.Core.Clients;

/// <summary>
/// OpenIddict's application manager with the product's client-secret storage (<see cref="ClientSecretHasher"/>) and
/// clients kept across requests (<see cref="ClientConfigurationCache"/>): the token endpoint does not read the client's
/// row on every request, and every change to a client tells every server.
/// </summary>
public sealed partial class ConnexApplicationManager(
    IOpenIddictApplicationCache<OpenIddictEntityFrameworkCoreApplication> cache,
    ILogger<OpenIddictApplicationManager<OpenIddictEntityFrameworkCoreApplication>> logger,
    IOptionsMonitor<OpenIddictCoreOptions> options,
    IOpenIddictApplicationStore<OpenIddictEntityFrameworkCoreApplication> store,
    ClientSecretHasher secrets,
    ClientConfigurationCache clients,
    ConnexDbContext db)
    : OpenIddictApplicationManager<OpenIddictEntityFrameworkCoreApplication>(cache, logger, options, store)
{
    public override ValueTask<OpenIddictEntityFrameworkCoreApplication?> FindByClientIdAsync(string identifier, CancellationToken cancellationToken = default) =>
        string.IsNullOrEmpty(identifier)
            ? base.FindByClientIdAsync(identifier, cancellationToken)
            : clients.GetOrLoadAsync(db, "client:" + identifier, ct => base.FindByClientIdAsync(identifier, ct), cancellationToken);

    public override ValueTask<OpenIddictEntityFrameworkCoreApplication?> FindByIdAsync(string identifier, CancellationToken cancellationToken = default) =>
        string.IsNullOrEmpty(identifier)
            ? base.FindByIdAsync(identifier, cancellationToken)
            : clients.GetOrLoadAsync(db, "application:" + identifier, ct => base.FindByIdAsync(identifier, ct), cancellationToken);

    public override ValueTask CreateAsync(OpenIddictEntityFrameworkCoreApplication application, CancellationToken cancellationToken = default) =>
        ClientChange.RunAsync(db, clients, ct => base.CreateAsync(application, ct), cancellationToken);

    public override ValueTask UpdateAsync(OpenIddictEntityFrameworkCoreApplication application, CancellationToken cancellationToken = default) =>
        ClientChange.RunAsync(db, clients, async ct =>
        {
            // An instance from the cache is shared with concurrent requests: its values are written through this
            // request's own copy of the row, which alone is tracked (and checked for concurrent changes) here.
            if (db.Entry(application).State == EntityState.Detached && application.Id is { } id
                && await base.FindByIdAsync(id, ct) is { } own && !ReferenceEquals(own, application))
            {
                if (!string.Equals(own.ConcurrencyToken, application.ConcurrencyToken, StringComparison.Ordinal))
                {
                    // The cached copy is older than the row: writing it would undo someone else's change.
                    throw new OpenIddictExceptions.ConcurrencyException("The client was changed by another request; reload it and try again.");
                }

                db.Entry(own).CurrentValues.SetValues(application);
                await base.UpdateAsync(own, ct);
                return;
            }

            await base.UpdateAsync(application, ct);
        }, cancellationToken);

    public override ValueTask DeleteAsync(OpenIddictEntityFrameworkCoreApplication application, CancellationToken cancellationToken = default) =>
        ClientChange.RunAsync(db, clients, async ct =>
        {
            // An instance from the cache is shared with concurrent requests: delete through this request's own copy.
            var own = db.Entry(application).State == EntityState.Detached && application.Id is { } id
                ? await base.FindByIdAsync(id, ct) ?? application
                : application;
            await base.DeleteAsync(own, ct);
        }, cancellationToken);

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

    [LoggerMessage(EventId = 1311, Level = LogLevel.Information, Message = "Secret of client {ClientId} rewritten under the current pepper")]
    private static partial void LogSecretRehashed(ILogger logger, string? clientId);

    [LoggerMessage(EventId = 1312, Level = LogLevel.Warning, Message = "Secret of client {ClientId} could not be rewritten under the current pepper: {Reason}")]
    private static partial void LogSecretNotRehashed(ILogger logger, string? clientId, string reason);
}
