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
    private readonly ProtectedCookie _cookie = new(CookieName, "1", dataProtection.CreateProtector("ConnexIdP.KnownDevice.v1"), clock);

    /// <summary>The device the request's cookie names, or null when it has none, or one that is forged, damaged or expired.</summary>
    public KnownDevice? Read(HttpContext http) =>
        _cookie.Read(http) is [var deviceId, var accountId] ? new KnownDevice(deviceId, accountId) : null;

    /// <summary>
    /// Makes the browser a known device of <paramref name="accountId"/> for the configured lifetime, keeping its device id
    /// when it already was one (its counter carries on), or giving it a new one.
    /// </summary>
    public void Issue(HttpContext http, string accountId, KnownDevice? current)
    {
        var deviceId = current is not null && current.AccountId == accountId
            ? current.DeviceId
            : Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        _cookie.Write(http, clock.GetUtcNow() + options.Value.KnownDeviceLifetime, deviceId, accountId);
    }
}
