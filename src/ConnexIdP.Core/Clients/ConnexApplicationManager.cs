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
public sealed class ConnexApplicationManager(
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
        ClientChange.RunAsync(db, clients, ct => base.UpdateAsync(application, ct), cancellationToken);

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
}
