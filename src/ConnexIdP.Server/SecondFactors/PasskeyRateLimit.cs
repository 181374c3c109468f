using System.Net.Sockets;
using System.Threading.RateLimiting;
using ConnexIdP.Core.SecondFactors;
using ConnexIdP.Core.Security.Sources;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace ConnexIdP.Server.SecondFactors;

/// <summary>
/// Passkey sign-in and the approval app's registration and unlock are open to anyone, and each start stores a challenge:
/// a source (an IPv4 address, an IPv6 /64) may start and answer at most <c>SecondFactors:WebAuthn:PasskeyAttemptsPerMinute</c>
/// passkey sign-ins and <c>SecondFactors:Push:DeviceAttemptsPerMinute</c> phone ceremonies a minute; beyond that the
/// answer is 429 with <c>Retry-After</c>, before anything is stored.
/// </summary>
internal static class PasskeyRateLimit
{
    public const string Policy = "passkey";
    public const string PhonePolicy = "approval-phone";

    public static IServiceCollection AddPasskeyRateLimit(this IServiceCollection services) =>
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = async (context, cancellationToken) =>
            {
                context.HttpContext.Response.Headers.RetryAfter = "60";
                // Each policy names its own attempts, from the endpoint that was refused.
                var policy = context.HttpContext.GetEndpoint()?.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName;
                var what = policy == PhonePolicy ? "attempts to set up or open the approval app" : "passkey attempts";
                await context.HttpContext.Response.WriteAsJsonAsync(new { error = $"Too many {what} from your network. Try again in a minute." }, cancellationToken);
            };
            limiter.AddPolicy(Policy, http => PerSourcePerMinute(http, Settings(http).WebAuthn.PasskeyAttemptsPerMinute));
            limiter.AddPolicy(PhonePolicy, http => PerSourcePerMinute(http, Settings(http).Push.DeviceAttemptsPerMinute));
        });

    private static SecondFactorOptions Settings(HttpContext http) => http.RequestServices.GetRequiredService<IOptions<SecondFactorOptions>>().Value;

    private static RateLimitPartition<string> PerSourcePerMinute(HttpContext http, int limit) =>
        RateLimitPartition.GetFixedWindowLimiter(SourceKey(http), _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = limit,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
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
