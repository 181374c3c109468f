using ConnexIdP.Core.Security;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace ConnexIdP.Server.Hosting;

/// <summary>
/// The client's address: the connection's, unless <c>SignInDefence:TrustedProxies</c> names the proxies in front of the
/// server; then <c>X-Forwarded-For</c> is read from the right, through trusted proxies only, and the first address that
/// is not one is the client. ASP.NET Core's default trust of loopback is removed, so nothing but the configured list counts.
/// </summary>
internal static class SourceAddresses
{
    public static IServiceCollection AddSourceAddresses(this IServiceCollection services)
    {
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<SourceDefenceOptions>>((forwarded, defence) =>
        {
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor;
            forwarded.KnownProxies.Clear();
            forwarded.KnownIPNetworks.Clear();
            foreach (var network in defence.Value.TrustedProxyNetworks())
            {
                forwarded.KnownIPNetworks.Add(network);
            }

            // Every hop is checked against the list, so a chain of trusted proxies is walked whole.
            forwarded.ForwardLimit = null;
        });
        return services;
    }

    /// <summary>Reads <c>X-Forwarded-For</c> only when trusted proxies are configured; otherwise adds nothing.</summary>
    public static WebApplication UseSourceAddresses(this WebApplication app)
    {
        if (app.Services.GetRequiredService<IOptions<SourceDefenceOptions>>().Value.TrustedProxies.Count > 0)
        {
            app.UseForwardedHeaders();
        }

        return app;
    }
}
