using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using ConnexIdP.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using OpenIddict.Core;
using OpenIddict.EntityFrameworkCore.Models;

namespace ConnexIdP.Core.Clients;

/// <summary>
/// OpenIddict's scope manager with scopes kept across requests (<see cref="ClientConfigurationCache"/>): the token
/// and authorization endpoints validate requested scopes and find their audiences without a query per request.
/// </summary>
public sealed class ConnexScopeManager(
    IOpenIddictScopeCache<OpenIddictEntityFrameworkCoreScope> cache,
    ILogger<OpenIddictScopeManager<OpenIddictEntityFrameworkCoreScope>> logger,
    IOptionsMonitor<OpenIddictCoreOptions> options,
    IOpenIddictScopeStore<OpenIddictEntityFrameworkCoreScope> store,
    ClientConfigurationCache scopes,
    ConnexDbContext db)
    : OpenIddictScopeManager<OpenIddictEntityFrameworkCoreScope>(cache, logger, options, store)
{
    public override ValueTask<OpenIddictEntityFrameworkCoreScope?> FindByNameAsync(string name, CancellationToken cancellationToken = default) =>
        string.IsNullOrEmpty(name)
            ? base.FindByNameAsync(name, cancellationToken)
            : scopes.GetOrLoadAsync(db, "scope:" + name, ct => base.FindByNameAsync(name, ct), cancellationToken);

    public override async IAsyncEnumerable<OpenIddictEntityFrameworkCoreScope> FindByNamesAsync(
        ImmutableArray<string> names, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (names.Any(string.IsNullOrEmpty))
        {
            // OpenIddict's own argument checks and messages.
            await foreach (var scope in base.FindByNamesAsync(names, cancellationToken))
            {
                yield return scope;
            }

            yield break;
        }

        foreach (var name in names.Distinct(StringComparer.Ordinal))
        {
            if (await FindByNameAsync(name, cancellationToken) is { } scope)
            {
                yield return scope;
            }
        }
    }

    public override ValueTask CreateAsync(OpenIddictEntityFrameworkCoreScope scope, CancellationToken cancellationToken = default) =>
        ClientChange.RunAsync(db, scopes, ct => base.CreateAsync(scope, ct), cancellationToken);

    public override ValueTask UpdateAsync(OpenIddictEntityFrameworkCoreScope scope, CancellationToken cancellationToken = default) =>
        ClientChange.RunAsync(db, scopes, ct => base.UpdateAsync(scope, ct), cancellationToken);

    public override ValueTask DeleteAsync(OpenIddictEntityFrameworkCoreScope scope, CancellationToken cancellationToken = default) =>
        ClientChange.RunAsync(db, scopes, async ct =>
        {
            // An instance from the cache is shared with concurrent requests: delete through this request's own copy.
            var own = db.Entry(scope).State == EntityState.Detached && scope.Id is { } id
                ? await base.FindByIdAsync(id, ct) ?? scope
                : scope;
            await base.DeleteAsync(own, ct);
        }, cancellationToken);
}
