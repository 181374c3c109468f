using System.Globalization;
using System.Security.Cryptography;
using ConnexIdP.Core.Accounts;
using ConnexIdP.Core.Defence;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace ConnexIdP.Server.Hosting;

/// <summary>
/// The known-device cookie: after a successful sign-in the browser gets a long-lived, HttpOnly, <c>__Host-</c> cookie,
/// encrypted and signed with ASP.NET Core Data Protection, naming a random device id and the account it signed in to.
/// Failures from that browser on that account count on the device's own counter, so an attacker's failures elsewhere
/// never slow down or lock out the owner's devices. One browser is the known device of the last account it signed in to.
/// </summary>
public sealed class KnownDeviceCookie(IDataProtectionProvider dataProtection, IOptions<SignInDefenceOptions> options, TimeProvider clock)
{
    public const string CookieName = "__Host-connexidp-device";
    private const string Version = "1";

    private readonly IDataProtector _protector = dataProtection.CreateProtector("ConnexIdP.KnownDevice.v1");

    /// <summary>The device the request's cookie names, or null when it has none, or one that is forged, damaged or expired.</summary>
    public KnownDevice? Read(HttpContext http)
    {
        if (!http.Request.Cookies.TryGetValue(CookieName, out var value) || string.IsNullOrEmpty(value) || value.Length > 1024)
        {
            return null;
        }

        string payload;
        try
        {
            payload = _protector.Unprotect(value);
        }
        catch (CryptographicException)
        {
            return null;
        }

        var parts = payload.Split('|');
        return parts is [Version, var deviceId, var accountId, var expires]
            && long.TryParse(expires, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            && DateTimeOffset.FromUnixTimeSeconds(seconds) > clock.GetUtcNow()
                ? new KnownDevice(deviceId, accountId)
                : null;
    }

    /// <summary>
    /// Makes the browser a known device of <paramref name="accountId"/> for the configured lifetime, keeping its device id
    /// when it already was one (its counter carries on), or giving it a new one.
    /// </summary>
    public void Issue(HttpContext http, string accountId, KnownDevice? current)
    {
        var deviceId = current is not null && current.AccountId == accountId
            ? current.DeviceId
            : Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var expires = clock.GetUtcNow() + options.Value.KnownDeviceLifetime;
        var payload = string.Create(CultureInfo.InvariantCulture, $"{Version}|{deviceId}|{accountId}|{expires.ToUnixTimeSeconds()}");
        http.Response.Cookies.Append(CookieName, _protector.Protect(payload), new CookieOptions
        {
            HttpOnly = true,
            Secure = true,
            SameSite = SameSiteMode.Strict,
            Path = "/",
            Expires = expires,
            IsEssential = true,
        });
    }
}
