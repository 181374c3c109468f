using System.Globalization;
using System.Text.RegularExpressions;
using ConnexIdP.Core.Security;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace ConnexIdP.Core.Clients;

/// <summary>
/// Registers, lists and removes clients over OpenIddict's managers, enforcing the product's rules on what a client may
/// be. Each change is a security event naming the administrator (<c>actor</c>) who made it; secrets never ride along.
/// </summary>
public sealed partial class ClientService(IOpenIddictApplicationManager applications, IOpenIddictScopeManager scopes, SecurityEventLog events)
{
    /// <summary>The scope of the admin API.</summary>
    public const string AdminScope = "admin";

    public async Task<ClientResult> AddAsync(ClientRegistration request, string actor, CancellationToken cancellationToken)
    {
        var error = await ValidateAsync(request, cancellationToken);
        if (error is not null)
        {
            return ClientResult.Fail(error);
        }

        var descriptor = new OpenIddictApplicationDescriptor
        {
            ClientId = request.ClientId,
            DisplayName = request.DisplayName ?? request.ClientId,
            ClientType = request.Kind == ClientKind.Public ? ClientTypes.Public : ClientTypes.Confidential,
            ConsentType = request.Consent == ConsentMode.Implicit ? ConsentTypes.Implicit : ConsentTypes.Explicit,
        };

        string? generated = null;
        switch (request.Credential)
        {
            case ClientCredentialSource.GenerateSecret:
                generated = ClientSecretHasher.Generate();
                descriptor.ClientSecret = generated;
                break;
            case ClientCredentialSource.ProvidedSecret:
                descriptor.ClientSecret = request.CredentialValue;
                break;
            case ClientCredentialSource.JsonWebKeySet:
                descriptor.JsonWebKeySet = JsonWebKeySet.Create(request.CredentialValue);
                break;
        }

        foreach (var uri in request.RedirectUris)
        {
            descriptor.RedirectUris.Add(new Uri(uri, UriKind.Absolute));
        }

        foreach (var uri in request.PostLogoutRedirectUris)
        {
            descriptor.PostLogoutRedirectUris.Add(new Uri(uri, UriKind.Absolute));
        }

        AddPermissions(descriptor, request);

        if (request.RefreshTokenReuseLeeway is { } leeway)
        {
            descriptor.Settings[ClientSettings.RefreshTokenReuseLeeway] = ((int)leeway.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        }

        if (request.RequireSecondFactor)
        {
            descriptor.Settings[ClientSettings.RequireSecondFactor] = "true";
        }

        await applications.CreateAsync(descriptor, cancellationToken);
        await events.RecordAsync(SecurityEventTypes.AdminClientAdded, SecuritySeverity.Low, SecurityOutcome.Success, SecurityEventContext.None,
            cancellationToken, clientId: request.ClientId,
            details: $"by {actor}; grants={string.Join(' ', request.Grants)}; scopes={string.Join(' ', request.Scopes)}"
                + (request.RequireSecondFactor ? "; second factor required" : string.Empty));

        // A client holding the admin scope by client credentials acts on the admin API with no person and no second factor.
        if (request.Scopes.Contains(AdminScope) && request.Grants.Contains(GrantTypes.ClientCredentials))
        {
            await events.RecordAsync(SecurityEventTypes.AdminScopeGranted, SecuritySeverity.High, SecurityOutcome.Success, SecurityEventContext.None,
                cancellationToken, clientId: request.ClientId, details: $"by {actor}; the client may use the admin API by client credentials");
        }
        return ClientResult.Ok(request.ClientId, generated);
    }

    public async Task<IReadOnlyList<ClientSummary>> ListAsync(CancellationToken cancellationToken)
    {
        var result = new List<ClientSummary>();
        await foreach (var application in applications.ListAsync(count: null, offset: null, cancellationToken))
        {
            var permissions = await applications.GetPermissionsAsync(application, cancellationToken);
            result.Add(new ClientSummary(
                await applications.GetClientIdAsync(application, cancellationToken) ?? string.Empty,
                await applications.GetDisplayNameAsync(application, cancellationToken),
                await applications.GetClientTypeAsync(application, cancellationToken) ?? string.Empty,
                await applications.GetConsentTypeAsync(application, cancellationToken) ?? string.Empty,
                [.. permissions.Where(p => p.StartsWith(Permissions.Prefixes.GrantType, StringComparison.Ordinal)).Select(p => p[Permissions.Prefixes.GrantType.Length..])],
                [.. (await applications.GetRedirectUrisAsync(application, cancellationToken))],
                [.. permissions.Where(p => p.StartsWith(Permissions.Prefixes.Scope, StringComparison.Ordinal)).Select(p => p[Permissions.Prefixes.Scope.Length..])]));
        }

        return [.. result.OrderBy(c => c.ClientId, StringComparer.Ordinal)];
    }

    public async Task<bool> RemoveAsync(string clientId, string actor, CancellationToken cancellationToken)
    {
        var application = await applications.FindByClientIdAsync(clientId, cancellationToken);
        if (application is null)
        {
            return false;
        }

        await applications.DeleteAsync(application, cancellationToken);
        await events.RecordAsync(SecurityEventTypes.AdminClientRemoved, SecuritySeverity.Low, SecurityOutcome.Success, SecurityEventContext.None,
            cancellationToken, clientId: clientId, details: $"by {actor}");
        return true;
    }

    /// <summary>Registers an API scope whose tokens are issued for <paramref name="resources"/> (their <c>aud</c>).</summary>
    public async Task<ClientResult> AddScopeAsync(string name, IReadOnlyList<string> resources, string? displayName, string actor, CancellationToken cancellationToken)
    {
        if (!ScopeName().IsMatch(name) || KnownGrants.StandardScopes.Contains(name))
        {
            return ClientResult.Fail($"'{name}' is not a valid API scope name (letters, digits, '.', ':', '_', '-'; not a standard OpenID scope).");
        }

        if (resources.Count == 0 || resources.Any(r => !ScopeName().IsMatch(r)))
        {
            return ClientResult.Fail("An API scope needs at least one resource (audience) made of letters, digits, '.', ':', '_', '-'.");
        }

        if (await scopes.FindByNameAsync(name, cancellationToken) is not null)
        {
            return ClientResult.Fail($"The scope '{name}' already exists.");
        }

        var descriptor = new OpenIddictScopeDescriptor { Name = name, DisplayName = displayName ?? name };
        descriptor.Resources.UnionWith(resources);
        await scopes.CreateAsync(descriptor, cancellationToken);
        await events.RecordAsync(SecurityEventTypes.AdminScopeAdded, SecuritySeverity.Info, SecurityOutcome.Success, SecurityEventContext.None,
            cancellationToken, details: $"by {actor}; scope={name}; resources={string.Join(' ', resources)}");
        return ClientResult.Ok(name, null);
    }

    private async Task<string?> ValidateAsync(ClientRegistration request, CancellationToken cancellationToken)
    {
        if (!ClientIdPattern().IsMatch(request.ClientId))
        {
            return "The client id must be 1-100 characters of letters, digits, '.', '_', ':' or '-'.";
        }

        if (await applications.FindByClientIdAsync(request.ClientId, cancellationToken) is not null)
        {
            return $"A client with id '{request.ClientId}' already exists.";
        }

        if (request.Grants.Count == 0)
        {
            return "At least one grant is required (authorization_code, refresh_token, client_credentials).";
        }

        foreach (var grant in request.Grants)
        {
            if (grant is GrantTypes.Implicit or GrantTypes.Password)
            {
                return $"The {grant} grant is not offered: it is unsafe (OAuth 2.0 Security BCP, RFC 9700). Use authorization_code with PKCE.";
            }

            if (!KnownGrants.Supported.Contains(grant))
            {
                return $"Unknown grant '{grant}'. Supported: {string.Join(", ", KnownGrants.Supported)}.";
            }
        }

        var usesCode = request.Grants.Contains(GrantTypes.AuthorizationCode);
        if (request.Grants.Contains(GrantTypes.RefreshToken) && !usesCode)
        {
            return "The refresh_token grant only makes sense with authorization_code.";
        }

        if (usesCode && request.RedirectUris.Count == 0)
        {
            return "A client using authorization_code needs at least one --redirect-uri.";
        }

        if (!usesCode && (request.RedirectUris.Count > 0 || request.PostLogoutRedirectUris.Count > 0))
        {
            return "Redirect URIs only apply to clients using authorization_code.";
        }

        foreach (var uri in request.RedirectUris.Concat(request.PostLogoutRedirectUris))
        {
            var problem = CheckRedirectUri(uri);
            if (problem is not null)
            {
                return problem;
            }
        }

        if (request.Kind == ClientKind.Public)
        {
            if (request.Grants.Contains(GrantTypes.ClientCredentials))
            {
                return "A public client cannot use client_credentials: it cannot keep a credential.";
            }

            if (request.Credential != ClientCredentialSource.None)
            {
                return "A public client has no secret or key set.";
            }
        }
        else if (request.Credential == ClientCredentialSource.None)
        {
            return "A confidential client needs --generate-secret, --secret-stdin or --jwks-file.";
        }

        if (request.Credential == ClientCredentialSource.ProvidedSecret
            && (request.CredentialValue is null || request.CredentialValue.Length < ClientSecretHasher.MinimumSecretLength))
        {
            return $"A client secret must be at least {ClientSecretHasher.MinimumSecretLength} characters; prefer --generate-secret (256 bits).";
        }

        if (request.Credential == ClientCredentialSource.JsonWebKeySet)
        {
            var keysError = CheckJsonWebKeySet(request.CredentialValue);
            if (keysError is not null)
            {
                return keysError;
            }
        }

        foreach (var scope in request.Scopes)
        {
            if (!KnownGrants.StandardScopes.Contains(scope) && await scopes.FindByNameAsync(scope, cancellationToken) is null)
            {
                return $"Unknown scope '{scope}'. Register API scopes first (scopes add), or use openid, profile, email, offline_access.";
            }
        }

        if (request.RefreshTokenReuseLeeway is { } leeway && (leeway < TimeSpan.Zero || leeway > TimeSpan.FromMinutes(5)))
        {
            return "The refresh token reuse leeway must be between 0 and 300 seconds.";
        }

        return null;
    }

    private static string? CheckRedirectUri(string value)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri))
        {
            return $"'{value}' is not an absolute URI.";
        }

        if (!string.IsNullOrEmpty(uri.Fragment))
        {
            return $"'{value}' has a fragment; redirect URIs must not.";
        }

        if (uri.Scheme == Uri.UriSchemeHttp && !uri.IsLoopback)
        {
            return $"'{value}' uses http on a non-loopback host; use https.";
        }

        return null;
    }

    private static string? CheckJsonWebKeySet(string? json)
    {
        try
        {
            var set = JsonWebKeySet.Create(json);
            if (set.Keys.Count == 0)
            {
                return "The JWKS file has no keys.";
            }

            if (set.Keys.Any(k => k.HasPrivateKey || !string.IsNullOrEmpty(k.K)))
            {
                return "The JWKS file holds private or symmetric key material; give only public keys.";
            }

            return null;
        }
        catch (ArgumentException)
        {
            return "The JWKS file is not a valid JSON Web Key Set.";
        }
        catch (System.Text.Json.JsonException)
        {
            return "The JWKS file is not valid JSON.";
        }
    }

    private static void AddPermissions(OpenIddictApplicationDescriptor descriptor, ClientRegistration request)
    {
        var p = descriptor.Permissions;
        p.Add(Permissions.Endpoints.Token);
        p.Add(Permissions.Endpoints.Revocation);
        if (request.Kind == ClientKind.Confidential)
        {
            p.Add(Permissions.Endpoints.Introspection);
        }

        foreach (var grant in request.Grants)
        {
            p.Add(Permissions.Prefixes.GrantType + grant);
        }

        if (request.Grants.Contains(GrantTypes.AuthorizationCode))
        {
            p.Add(Permissions.Endpoints.Authorization);
            p.Add(Permissions.Endpoints.PushedAuthorization);
            p.Add(Permissions.Endpoints.EndSession);
            p.Add(Permissions.ResponseTypes.Code);
            descriptor.Requirements.Add(Requirements.Features.ProofKeyForCodeExchange);
            if (request.RequirePushedAuthorization)
            {
                descriptor.Requirements.Add(Requirements.Features.PushedAuthorizationRequests);
            }
        }

        foreach (var scope in request.Scopes)
        {
            p.Add(Permissions.Prefixes.Scope + scope);
        }
    }

    [GeneratedRegex("^[A-Za-z0-9._:-]{1,100}$")]
    private static partial Regex ClientIdPattern();

    [GeneratedRegex("^[A-Za-z0-9._:-]{1,100}$")]
    private static partial Regex ScopeName();
}
