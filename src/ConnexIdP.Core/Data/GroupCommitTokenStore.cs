using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using OpenIddict.EntityFrameworkCore;
using OpenIddict.EntityFrameworkCore.Models;

namespace ConnexIdP.Core.Data;

/// <summary>
/// OpenIddict's Entity Framework Core token store, except that a new token's row is committed by the
/// <see cref="TokenRowWriter"/> together with the rows of concurrent requests (group commit) instead of in a transaction
/// of its own. Everything else (reads, redemption, revocation, pruning) is OpenIddict's code, unchanged.
/// </summary>
/// <remarks>
/// Why this is safe:
/// <list type="bullet">
/// <item>Durability: <see cref="CreateAsync"/> returns only after the transaction holding the row has committed, exactly as
/// the stock store's <c>SaveChangesAsync</c> does, and OpenIddict writes the response only after it returns. A token is
/// therefore never sent before its row is committed, and a crash loses only rows whose tokens nobody received. A refresh
/// token rotation stays ordered as before: the old token is redeemed by its own commit before the new one is created.</item>
/// <item>Revocation and introspection: every token still has its row, with the same id, status, dates and foreign keys;
/// they are read and updated through the stock store. The caller's entity is left as the stock store leaves it, only
/// untracked (OpenIddict's <c>UpdateAsync</c> attaches untracked entities), so a later update in the same request works.</item>
/// <item>Transactions: when the caller has opened a transaction on the request's context, the row is written inside it
/// by the stock code, so it commits or rolls back with the caller's work.</item>
/// <item>The token's application: the stock store loads the application's row to attach it to a new token (a query per
/// token, although the client was just authenticated from the cache). Here the application's id is remembered instead
/// and written as the row's foreign key; any later update of that token in the same request first attaches the
/// application the stock way, so an update can never clear or overwrite the foreign key.</item>
/// </list>
/// </remarks>
internal sealed class GroupCommitTokenStore(
    IMemoryCache cache,
    IOpenIddictEntityFrameworkCoreContext context,
    IOptionsMonitor<OpenIddictEntityFrameworkCoreOptions> options,
    TokenRowWriter writer)
    : OpenIddictEntityFrameworkCoreTokenStore(cache, context, options)
{
    private static PropertyInfo[]? s_columns;

    // Tokens of this request (the store is scoped) whose application is known by id only, not yet attached.
    private readonly Dictionary<OpenIddictEntityFrameworkCoreToken, string> _applicationIds = new(ReferenceEqualityComparer.Instance);

    public override async ValueTask CreateAsync(OpenIddictEntityFrameworkCoreToken token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(token);

        var db = await Context.GetDbContextAsync(cancellationToken);
        if (db.Database.CurrentTransaction is not null || System.Transactions.Transaction.Current is not null)
        {
            await AttachApplicationAsync(token, cancellationToken);
            await base.CreateAsync(token, cancellationToken);
            return;
        }

        // The writer inserts a copy without navigations: the application and authorization entities belong to this
        // request's context, and adding them to the writer's context would insert them again.
        var applicationId = _applicationIds.TryGetValue(token, out var id) ? id : token.Application?.Id;
        await writer.InsertAsync(Copy(db.Model, token), applicationId, token.Authorization?.Id, cancellationToken);
    }

    public override ValueTask SetApplicationIdAsync(OpenIddictEntityFrameworkCoreToken token, string? identifier, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(token);
        if (string.IsNullOrEmpty(identifier))
        {
            _applicationIds.Remove(token);
            return base.SetApplicationIdAsync(token, identifier, cancellationToken);
        }

        _applicationIds[token] = identifier;
        return ValueTask.CompletedTask;
    }

    public override ValueTask<string?> GetApplicationIdAsync(OpenIddictEntityFrameworkCoreToken token, CancellationToken cancellationToken) =>
        token is not null && _applicationIds.TryGetValue(token, out var id)
            ? ValueTask.FromResult<string?>(id)
            : base.GetApplicationIdAsync(token!, cancellationToken);

    public override async ValueTask UpdateAsync(OpenIddictEntityFrameworkCoreToken token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(token);
        await AttachApplicationAsync(token, cancellationToken);
        await base.UpdateAsync(token, cancellationToken);
    }

    // The stock way (a tracked application entity on the navigation), for the paths that save the token through EF Core.
    private async ValueTask AttachApplicationAsync(OpenIddictEntityFrameworkCoreToken token, CancellationToken cancellationToken)
    {
        if (_applicationIds.Remove(token, out var id))
        {
            await base.SetApplicationIdAsync(token, id, cancellationToken);
        }
    }

    private static OpenIddictEntityFrameworkCoreToken Copy(IModel model, OpenIddictEntityFrameworkCoreToken token)
    {
        // Every mapped column that is a CLR property, as the model says: a column added by a later OpenIddict is copied too.
        s_columns ??= [.. (model.FindEntityType(typeof(OpenIddictEntityFrameworkCoreToken))
                ?? throw new InvalidOperationException("The database model has no OpenIddict token entity."))
            .GetProperties().Select(p => p.PropertyInfo).OfType<PropertyInfo>()];

        var row = new OpenIddictEntityFrameworkCoreToken();
        foreach (var column in s_columns)
        {
            column.SetValue(row, column.GetValue(token));
        }

        return row;
    }
}
