using ConnexIdP.Core.Security;
using Microsoft.Extensions.Logging;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace ConnexIdP.Core.ConnectedApps;

/// <summary>
/// The clients an account has let in, as the person sees and controls them: every valid grant of the account (a
/// remembered consent, or a sign-in whose tokens may still be alive), by client. Removing a client's access revokes
/// them all and every token issued through them, so the client's next request for a token fails and, if the client
/// asks for consent, the person is asked again.
/// </summary>
public sealed partial class ConnectedAppService(
    IOpenIddictAuthorizationManager authorizations,
    IOpenIddictApplicationManager applications,
    IOpenIddictTokenManager tokens,
    SecurityEventLog events,
    ILogger<ConnectedAppService> logger)
{
    /// <summary>The clients <paramref name="accountId"/> has let in, by name.</summary>
    public async Task<IReadOnlyList<ConnectedApp>> ListAsync(string accountId, CancellationToken cancellationToken)
    {
        var grants = new Dictionary<string, Grant>(StringComparer.Ordinal);
        await foreach (var authorization in authorizations.FindBySubjectAsync(accountId, cancellationToken))
        {
            if (await authorizations.GetStatusAsync(authorization, cancellationToken) != Statuses.Valid
                || await authorizations.GetApplicationIdAsync(authorization, cancellationToken) is not { } applicationId)
            {
                continue;
            }

            if (!grants.TryGetValue(applicationId, out var grant))
            {
                grants[applicationId] = grant = new Grant();
            }

            grant.Scopes.UnionWith(await authorizations.GetScopesAsync(authorization, cancellationToken));
            grant.Remembered |= await authorizations.GetTypeAsync(authorization, cancellationToken) == AuthorizationTypes.Permanent;
            if (await authorizations.GetCreationDateAsync(authorization, cancellationToken) is { } created && (grant.Since is null || created < grant.Since))
            {
                grant.Since = created;
            }
        }

        var apps = new List<ConnectedApp>();
        foreach (var (applicationId, grant) in grants)
        {
            // A client removed since keeps no access worth showing: its tokens are refused already.
            if (await applications.FindByIdAsync(applicationId, cancellationToken) is not { } application)
            {
                continue;
            }

            var clientId = await applications.GetClientIdAsync(application, cancellationToken) ?? applicationId;
            var name = await applications.GetDisplayNameAsync(application, cancellationToken);
            apps.Add(new ConnectedApp(applicationId, clientId, string.IsNullOrWhiteSpace(name) ? clientId : name, [.. grant.Scopes], grant.Since, grant.Remembered));
        }

        return [.. apps.OrderBy(a => a.Name, StringComparer.CurrentCultureIgnoreCase).ThenBy(a => a.ClientId, StringComparer.Ordinal)];
    }

    /// <summary>
    /// Removes the access of the client <paramref name="applicationId"/> to <paramref name="accountId"/>: its grants and
    /// their tokens are revoked, and a security event records it. False when the account has nothing to remove there
    /// (an unknown client, or one it never let in), which tells the caller nothing about other accounts.
    /// </summary>
    public async Task<bool> RemoveAsync(string accountId, string? applicationId, SecurityEventContext request, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(applicationId) || applicationId.Length > 100)
        {
            return false;
        }

        var grants = await authorizations.RevokeAsync(accountId, applicationId, Statuses.Valid, type: null, cancellationToken);
        var revokedTokens = await tokens.RevokeAsync(accountId, applicationId, Statuses.Valid, type: null, cancellationToken);
        if (grants == 0 && revokedTokens == 0)
        {
            return false;
        }

        var clientId = await applications.FindByIdAsync(applicationId, cancellationToken) is { } application
            ? await applications.GetClientIdAsync(application, cancellationToken)
            : null;
        LogRemoved(logger, accountId, clientId ?? applicationId, grants, revokedTokens);
        await events.RecordAsync(SecurityEventTypes.ConnectedAppRemoved, SecuritySeverity.Info, SecurityOutcome.Success, request, CancellationToken.None,
            accountId: accountId, clientId: clientId, details: $"by the account holder; grants revoked={grants}; tokens revoked={revokedTokens}");
        return true;
    }

    [LoggerMessage(EventId = 1601, Level = LogLevel.Information, Message = "Account {AccountId} removed the access of client {ClientId}: {Grants} grants and {Tokens} tokens revoked")]
    private static partial void LogRemoved(ILogger logger, string accountId, string clientId, long grants, long tokens);

    private sealed class Grant
    {
        public SortedSet<string> Scopes { get; } = new(StringComparer.Ordinal);

        public bool Remembered { get; set; }

        public DateTimeOffset? Since { get; set; }
    }
}
