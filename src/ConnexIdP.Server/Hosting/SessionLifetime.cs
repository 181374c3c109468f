using System.Globalization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;

namespace ConnexIdP.Server.Hosting;

/// <summary>
/// Enforces <see cref="SessionOptions"/> on the session cookie: the ticket carries when the session ends (set at its
/// sign-in, copied when it is re-issued) and when it was last used; a session past either limit is rejected and its
/// cookie removed. The last use is rewritten at most every quarter of the idle timeout, so an active session does not
/// re-issue its cookie on every request.
/// </summary>
internal static class SessionLifetime
{
    private const string EndsItem = "connexidp.session_ends";
    private const string SeenItem = "connexidp.session_seen";

    /// <summary>Starts the clock of a new session on <paramref name="properties"/>.</summary>
    public static void Start(AuthenticationProperties properties, SessionOptions options, DateTimeOffset now)
    {
        properties.Items[EndsItem] = Seconds(now + options.Lifetime);
        properties.Items[SeenItem] = Seconds(now);
        properties.ExpiresUtc = now + options.Lifetime;
    }

    /// <summary>Carries the clock of the session being re-issued (<paramref name="current"/>) over to <paramref name="properties"/>.</summary>
    public static void Continue(AuthenticationProperties current, AuthenticationProperties properties, DateTimeOffset now)
    {
        properties.IssuedUtc = current.IssuedUtc;
        properties.ExpiresUtc = current.ExpiresUtc;
        if (current.Items.TryGetValue(EndsItem, out var ends) && ends is not null)
        {
            properties.Items[EndsItem] = ends;
        }

        properties.Items[SeenItem] = Seconds(now);
    }

    /// <summary>The session cookie's <c>OnValidatePrincipal</c>.</summary>
    public static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var services = context.HttpContext.RequestServices;
        var options = services.GetRequiredService<IOptions<SessionOptions>>().Value;
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var ends = Read(context.Properties, EndsItem);
        var seen = Read(context.Properties, SeenItem);
        if ((ends is { } end && now >= end) || (options.IdleTimeout is { } idle && seen is { } last && now - last >= idle))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(SessionDefaults.Scheme);
            return;
        }

        if (options.IdleTimeout is { } timeout && (seen is null || now - seen >= timeout / 4))
        {
            context.Properties.Items[SeenItem] = Seconds(now);
            context.ShouldRenew = true;
        }
    }

    private static string Seconds(DateTimeOffset time) => time.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    private static DateTimeOffset? Read(AuthenticationProperties properties, string item) =>
        properties.Items.TryGetValue(item, out var value) && long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : null;
}
