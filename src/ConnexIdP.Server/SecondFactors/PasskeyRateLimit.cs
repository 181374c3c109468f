using System.Net.Sockets;
using System.Threading.RateLimiting;
using ConnexIdP.Core.SecondFactors;
using ConnexIdP.Core.Security.Sources;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace ConnexIdP.Server.SecondFactors;

/// <summary>
/// Passkey sign-in is open to anyone, and each start stores a challenge: a source (an IPv4 address, an IPv6 /64) may
/// start and answer at most <c>SecondFactors:WebAuthn:PasskeyAttemptsPerMinute</c> of them a minute; beyond that the
/// answer is 429 with <c>Retry-After</c>, before anything is stored.
/// </summary>
internal static class PasskeyRateLimit
{
    public const string Policy = "passkey";

    public static IServiceCollection AddPasskeyRateLimit(this IServiceCollection services) =>
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = async (context, cancellationToken) =>
            {
                context.HttpContext.Response.Headers.RetryAfter = "60";
                await context.HttpContext.Response.WriteAsJsonAsync(new { error = "Too many passkey attempts from your network. Try again in a minute." }, cancellationToken);
            };
            limiter.AddPolicy(Policy, http => RateLimitPartition.GetFixedWindowLimiter(SourceKey(http), _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = http.RequestServices.GetRequiredService<IOptions<SecondFactorOptions>>().Value.WebAuthn.PasskeyAttemptsPerMinute,
                Window = TimeSpan.FromMinutes(1),
                QueueLimit = 0,
            }));
        });

    private static string SourceKey(HttpContext http)
    {
        if (http.Connection.RemoteIpAddress is not { } address)
        {
            return "(no address)";
        }

        var normalized = SourceNetworks.Normalize(address);
        return normalized.AddressFamily == AddressFamily.InterNetworkV6 ? SourceNetworks.Mask(normalized, 64).ToString() : normalized.ToString();
    }
}
