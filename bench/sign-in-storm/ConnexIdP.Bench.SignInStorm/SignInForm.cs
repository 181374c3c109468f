using System.Net;
using System.Text.RegularExpressions;

namespace ConnexIdP.Bench.SignInStorm;

/// <summary>
/// The sign-in page fetched once, as an attacker's script would: its antiforgery cookie and form token, which every
/// later POST carries (the pair is not single-use).
/// </summary>
internal sealed partial record SignInForm(string Cookie, string Token)
{
    public const string Path = "account/signin";

    public static async Task<SignInForm> FetchAsync(HttpClient http)
    {
        using var response = await http.GetAsync(Path);
        response.EnsureSuccessStatusCode();
        var cookie = response.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]).Single(c => c.StartsWith("__Host-connexidp-af=", StringComparison.Ordinal));
        var token = TokenField().Match(await response.Content.ReadAsStringAsync());
        return token.Success
            ? new SignInForm(cookie, WebUtility.HtmlDecode(token.Groups["v"].Value))
            : throw new InvalidOperationException("The sign-in page has no antiforgery field.");
    }

    /// <summary>A sign-in POST; <paramref name="deviceCookie"/> (from <see cref="DeviceCookieOf"/>) makes it come from a known device.</summary>
    public HttpRequestMessage Post(string email, string password, string? deviceCookie = null) => new(HttpMethod.Post, Path)
    {
        Headers = { { "Cookie", deviceCookie is null ? Cookie : $"{Cookie}; {deviceCookie}" } },
        Content = new FormUrlEncodedContent([new("__af", Token), new("ReturnUrl", string.Empty), new("Email", email), new("Password", password)]),
    };

    /// <summary>The known-device cookie a successful sign-in set (<c>name=value</c>), as a browser keeps it.</summary>
    public static string DeviceCookieOf(HttpResponseMessage signedIn) =>
        signedIn.Headers.TryGetValues("Set-Cookie", out var cookies)
        && cookies.Select(c => c.Split(';')[0]).FirstOrDefault(c => c.StartsWith("__Host-connexidp-device=", StringComparison.Ordinal)) is { } device
            ? device
            : throw new InvalidOperationException("The sign-in set no known-device cookie.");

    [GeneratedRegex("name=\"__af\" type=\"hidden\" value=\"(?<v>[^\"]*)\"")]
    private static partial Regex TokenField();
}
