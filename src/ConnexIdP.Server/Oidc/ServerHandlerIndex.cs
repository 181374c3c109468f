using Microsoft.Extensions.Options;
using OpenIddict.Server;

namespace ConnexIdP.Server.Oidc;

/// <summary>
/// OpenIddict's handler descriptors grouped by event type, in OpenIddict's order, for <see cref="IndexedServerDispatcher"/>.
/// Rebuilt whenever the server options are rebuilt (a key rotation does that), since each build has its own list.
/// </summary>
internal sealed class ServerHandlerIndex(IOptionsMonitor<OpenIddictServerOptions> options)
{
    private Snapshot? _snapshot;

    /// <summary>The descriptors of the handlers of <typeparamref name="TContext"/>, in the order OpenIddict sorted them.</summary>
    public OpenIddictServerHandlerDescriptor[] For<TContext>()
    {
        var handlers = options.CurrentValue.Handlers;
        var snapshot = Volatile.Read(ref _snapshot);
        if (snapshot is null || !ReferenceEquals(snapshot.Source, handlers) || snapshot.Count != handlers.Count)
        {
            snapshot = new Snapshot(handlers, handlers.Count, handlers.GroupBy(d => d.ContextType).ToDictionary(g => g.Key, g => g.ToArray()));
            Volatile.Write(ref _snapshot, snapshot);
        }

        return snapshot.ByContext.TryGetValue(typeof(TContext), out var descriptors) ? descriptors : [];
    }

    private sealed record Snapshot(object Source, int Count, Dictionary<Type, OpenIddictServerHandlerDescriptor[]> ByContext);
}
