using ConnexIdP.Core.SecondFactors;
using ConnexIdP.Core.SecondFactors.PushApproval;
using ConnexIdP.Server.Hosting;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace ConnexIdP.Server.SecondFactors;

/// <summary>
/// The two cookies of push approval, both <c>__Host-</c>, HttpOnly and SameSite=Strict, so no script of a page ever
/// holds them:
/// <list type="bullet">
/// <item>the sign-in browser's (<see cref="BrowserCookie"/>): the request it created and the secret that alone can
/// complete it (the server keeps only a hash), so an approval completes this browser's sign-in and no other;</item>
/// <item>the phone's (<see cref="PhoneCookie"/>): issued after the device's WebAuthn credential opened the approval app,
/// encrypted with Data Protection, naming the device and its account until <c>SecondFactors:Push:DeviceSessionLifetime</c>
/// has passed. It lets the phone see its requests; answering one takes a fresh signature of the device.</item>
/// </list>
/// </summary>
public sealed class ApprovalCookies(IDataProtectionProvider dataProtection, IOptions<SecondFactorOptions> options, TimeProvider clock)
{
    public const string BrowserCookie = "__Host-connexidp-approval";
    public const string PhoneCookie = "__Host-connexidp-approver";
    private readonly ProtectedCookie _phone = new(PhoneCookie, "1", dataProtection.CreateProtector("ConnexIdP.ApprovalPhone.v1"), clock);

    public (string? RequestId, string? Secret) ReadBrowser(HttpContext http) =>
        http.Request.Cookies.TryGetValue(BrowserCookie, out var value) && value is { Length: < 200 } && value.Split('.') is [var id, var secret]
            ? (id, secret)
            : (null, null);

    public void IssueBrowser(HttpContext http, string requestId, string secret) =>
        http.Response.Cookies.Append(BrowserCookie, requestId + "." + secret, ProtectedCookie.Options(clock.GetUtcNow() + options.Value.Push.RequestLifetime + TimeSpan.FromMinutes(5)));

    public void ClearBrowser(HttpContext http) => http.Response.Cookies.Delete(BrowserCookie, ProtectedCookie.Options(null));

    /// <summary>The device and account the phone's cookie names, or null when it has none, or one that is forged or expired.</summary>
    public (string DeviceId, string AccountId)? ReadPhone(HttpContext http) =>
        _phone.Read(http) is [var deviceId, var accountId] ? (deviceId, accountId) : null;

    public void IssuePhone(HttpContext http, ApprovalDevice device) =>
        _phone.Write(http, clock.GetUtcNow() + options.Value.Push.DeviceSessionLifetime, device.Id, device.AccountId);

    public void ClearPhone(HttpContext http) => _phone.Delete(http);
}
