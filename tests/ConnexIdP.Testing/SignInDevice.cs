using System.Net;

namespace ConnexIdP.Testing;

/// <summary>
/// One browser (its own cookies, so its own known-device cookie) that opens the sign-in page of a server and submits it,
/// reporting what a person would see: a page object for backoff and lockout tests.
/// </summary>
public sealed class SignInDevice(Uri server) : IDisposable
{
    public const string DeviceCookieName = "__Host-connexidp-device";

    public TestBrowser Browser { get; } = new();

    public Cookie? DeviceCookie => Browser.Cookies.GetCookies(server).FirstOrDefault(c => c.Name == DeviceCookieName);

    public async Task<SignInAnswer> SignInAsync(string email, string password)
    {
        await Browser.GetAsync(new Uri(server, "account/signin"));
        using var response = await new SignInPage(Browser).WithPasswordAsync(email, password);
        var retryAfter = response.Headers.RetryAfter?.Delta is { } delta ? (int?)delta.TotalSeconds : null;
        return new SignInAnswer(Browser.LastStatus, retryAfter, new AccountPages(Browser, server).Text("signin-error"), Browser.LastBody ?? string.Empty, Browser.CurrentUrl);
    }

    /// <summary>Signs out the session (the device cookie stays, as it does in a real browser).</summary>
    public void EndSession()
    {
        foreach (Cookie cookie in Browser.Cookies.GetCookies(server))
        {
            if (cookie.Name != DeviceCookieName)
            {
                cookie.Expired = true;
            }
        }
    }

    public void Dispose() => Browser.Dispose();
}
