using System.Globalization;
using ConnexIdP.Core.Clients;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace ConnexIdP.Server.Oidc;

/// <summary>
/// Per-client refresh token reuse leeway. The server-wide leeway is off, so OpenIddict's <c>ValidateTokenEntry</c>
/// treats any rotated refresh token presented again as theft and revokes its family. This runs just before it and,
/// for a client whose <see cref="ClientSettings.RefreshTokenReuseLeeway"/> covers the time since the token was
/// redeemed, marks the token as reusable; <see cref="SkipWhenReusable"/> then keeps the built-in check out of it,
/// exactly as OpenIddict's own leeway would.
/// </summary>
internal sealed class ClientRefreshTokenLeeway(IOpenIddictTokenManager tokens, IOpenIddictApplicationManager applications)
    : IOpenIddictServerHandler<ValidateTokenContext>
{
    private const string ReusableTokenProperty = "connexidp:reusable_refresh_token_id";

    public static OpenIddictServerHandlerDescriptor Descriptor { get; } = OpenIddictServerHandlerDescriptor.CreateBuilder<ValidateTokenContext>()
        .AddFilter<OpenIddictServerHandlerFilters.RequireDegradedModeDisabled>()
        .AddFilter<OpenIddictServerHandlerFilters.RequireTokenStorageEnabled>()
        .AddFilter<OpenIddictServerHandlerFilters.RequireTokenIdResolved>()
        .UseScopedHandler<ClientRefreshTokenLeeway>()
        .SetOrder(OpenIddictServerHandlers.Protection.ValidateTokenEntry.Descriptor.Order - 500)
        .SetType(OpenIddictServerHandlerType.Custom)
        .Build();

    public async ValueTask HandleAsync(ValidateTokenContext context)
    {
        if (context.Principal is null || !context.Principal.HasTokenType(TokenTypeIdentifiers.RefreshToken))
        {
            return;
        }

        var token = await tokens.FindByIdAsync(context.TokenId!);
        if (token is null || !await tokens.HasStatusAsync(token, Statuses.Redeemed))
        {
            return;
        }

        var leeway = await LeewayOfAsync(await tokens.GetApplicationIdAsync(token));
        var redeemedAt = await tokens.GetRedemptionDateAsync(token);
        if (leeway is { } window && redeemedAt is { } at && context.Options.TimeProvider.GetUtcNow() < at + window)
        {
            context.Transaction.Properties[ReusableTokenProperty] = context.TokenId;
        }
    }

    /// <summary>Adds <see cref="SkipWhenReusable"/> to OpenIddict's token entry check; start-up fails if that check is missing.</summary>
    public static void GuardBuiltInCheck(OpenIddictServerOptions options)
    {
        var builtIn = OpenIddictServerHandlers.Protection.ValidateTokenEntry.Descriptor;
        var index = options.Handlers.FindIndex(d => d.ServiceDescriptor.ServiceType == builtIn.ServiceDescriptor.ServiceType);
        if (index < 0)
        {
            throw new InvalidOperationException("OpenIddict's ValidateTokenEntry handler is not registered, so refresh token reuse would go unchecked.");
        }

        options.Handlers[index] = OpenIddictServerHandlerDescriptor.CreateBuilder<ValidateTokenContext>()
            .Import(options.Handlers[index])
            .AddFilter<SkipWhenReusable>()
            .Build();
    }

    private async Task<TimeSpan?> LeewayOfAsync(string? applicationId)
    {
        var application = applicationId is null ? null : await applications.FindByIdAsync(applicationId);
        if (application is null)
        {
            return null;
        }

        var settings = await applications.GetSettingsAsync(application);
        return settings.TryGetValue(ClientSettings.RefreshTokenReuseLeeway, out var value)
            && int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds > 0
                ? TimeSpan.FromSeconds(seconds)
                : null;
    }

    /// <summary>Keeps OpenIddict's token entry check away from the one refresh token this request may reuse.</summary>
    internal sealed class SkipWhenReusable : IOpenIddictServerHandlerFilter<ValidateTokenContext>
    {
        public ValueTask<bool> IsActiveAsync(ValidateTokenContext context) =>
            ValueTask.FromResult(!(context.Transaction.Properties.TryGetValue(ReusableTokenProperty, out var reusable)
                && reusable is string id && string.Equals(id, context.TokenId, StringComparison.Ordinal)));
    }
}
