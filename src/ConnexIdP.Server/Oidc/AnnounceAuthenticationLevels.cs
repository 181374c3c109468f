using ConnexIdP.Core.SecondFactors;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace ConnexIdP.Server.Oidc;

/// <summary>Discovery names the <c>acr</c> values a client can ask for with <c>acr_values</c> (OpenID Connect Discovery §3).</summary>
internal sealed class AnnounceAuthenticationLevels : IOpenIddictServerHandler<HandleConfigurationRequestContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } = OpenIddictServerHandlerDescriptor.CreateBuilder<HandleConfigurationRequestContext>()
        .UseSingletonHandler<AnnounceAuthenticationLevels>()
        .SetOrder(int.MaxValue - 100_000)
        .SetType(OpenIddictServerHandlerType.Custom)
        .Build();

    public ValueTask HandleAsync(HandleConfigurationRequestContext context)
    {
        context.Metadata[Metadata.AcrValuesSupported] = new OpenIddictParameter([.. AuthenticationLevels.Supported.Select(value => (string?)value)]);
        return ValueTask.CompletedTask;
    }
}
