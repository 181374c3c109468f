using System.Globalization;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace ConnexIdP.Server.Hosting;

/// <summary>
/// A <c>__Host-</c> cookie (HTTPS only, no script access, the whole site, SameSite=Strict) whose value is encrypted and
/// signed with Data Protection: a version, some fields and an expiry, separated by <c>|</c>. Reading gives the fields
/// back only for a cookie that is intact, of this version and not expired by the product's clock.
/// </summary>
internal sealed class ProtectedCookie(string name, string version, IDataProtector protector, TimeProvider clock)
{
    public string Name => name;

    public string[]? Read(HttpContext http)
    {
        if (!http.Request.Cookies.TryGetValue(name, out var value) || string.IsNullOrEmpty(value) || value.Length > 1024)
        {
            return null;
        }

        string payload;
        try
        {
            payload = protector.Unprotect(value);
        }
        catch (CryptographicException)
        {
            return null;
        }

        var parts = payload.Split('|');
        return parts.Length >= 2 && parts[0] == version
            && long.TryParse(parts[^1], NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            && DateTimeOffset.FromUnixTimeSeconds(seconds) > clock.GetUtcNow()
                ? parts[1..^1]
                : null;
    }

    public void Write(HttpContext http, DateTimeOffset expires, params string[] fields)
    {
        var payload = string.Join('|', [version, .. fields, expires.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)]);
        http.Response.Cookies.Append(name, protector.Protect(payload), Options(expires));
    }

    public void Delete(HttpContext http) => http.Response.Cookies.Delete(name, Options(null));

    public static CookieOptions Options(DateTimeOffset? expires) => new()
    {
        HttpOnly = true,
        Secure = true,
        SameSite = SameSiteMode.Strict,
        Path = "/",
        Expires = expires,
        IsEssential = true,
    };
}
