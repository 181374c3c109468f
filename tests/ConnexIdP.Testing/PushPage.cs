using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace ConnexIdP.Testing;

/// <summary>
/// Page object for push approval over HTTP (<c>/account/signin/push</c>): the number the page shows, the state of its
/// request, and its three buttons (continue, send a new request, use another way), submitted as a person would. The
/// status endpoint the page's script polls is read beside the page, without navigating away from it.
/// </summary>
public sealed partial class PushPage(TestBrowser browser, Uri server)
{
    public const string Path = "/account/signin/push";
    public const string BindingCookie = "__Host-connexidp-approval";

    /// <summary>The browser is on the page (or on the answer to one of its buttons).</summary>
    public bool IsShown => browser.CurrentUrl?.AbsolutePath is { } path && (path == Path || path.StartsWith(Path + "/", StringComparison.Ordinal));

    /// <summary>The number to pick on the phone, while the page shows one.</summary>
    public int? Number => Text("push-number") is { } number ? int.Parse(number, CultureInfo.InvariantCulture) : null;

    /// <summary>The state of the request the page shows (pending, approved, wrong-number, denied, expired, ...), or null.</summary>
    public string? Status => browser.LastBody is { } body && StatusPattern().Match(body) is { Success: true } match ? match.Groups["s"].Value : null;

    public string? Error => Text("push-error");

    /// <summary>The request this browser holds (from its binding cookie), or null.</summary>
    public string? RequestId => browser.Cookies.GetCookies(server)[BindingCookie]?.Value.Split('.')[0];

    public Task<HttpResponseMessage> OpenAsync() => browser.GetAsync(new Uri(server, Path));

    /// <summary>"Continue": completes the sign-in with this browser's approved request.</summary>
    public Task<HttpResponseMessage> ContinueAsync() => SubmitAsync(Path);

    /// <summary>"Send a new request".</summary>
    public Task<HttpResponseMessage> SendNewAsync() => SubmitAsync(Path + "/send");

    /// <summary>"Use another way to confirm it is you".</summary>
    public Task<HttpResponseMessage> UseAnotherWayAsync() => SubmitAsync(Path + "/cancel");

    /// <summary>What the status endpoint says of this browser's request: its HTTP status and the request's state.</summary>
    public async Task<(HttpStatusCode Code, string? Status)> PollAsync()
    {
        using var http = new HttpClient(TestTls.TrustingHandler(allowRedirects: false, cookies: browser.Cookies));
        using var response = await http.GetAsync(new Uri(server, Path + "/status"));
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (response.StatusCode, json.RootElement.TryGetProperty("status", out var status) ? status.GetString() : null);
    }

    // The page's forms share the antiforgery token and the return URL; each button posts them to its handler.
    private Task<HttpResponseMessage> SubmitAsync(string path)
    {
        if (!IsShown)
        {
            throw new InvalidOperationException($"Not on the push approval page but on {browser.CurrentUrl} ({browser.LastStatus}).");
        }

        var (_, fields) = browser.ReadForm();
        return browser.PostFormAsync(new Uri(server, path), fields);
    }

    private string? Text(string id) => new AccountPages(browser, server).Text(id);

    [GeneratedRegex("id=\"push\" data-status=\"(?<s>[a-z-]+)\"")]
    private static partial Regex StatusPattern();
}
