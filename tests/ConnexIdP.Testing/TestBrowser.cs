using System.Net;
using System.Text.RegularExpressions;

namespace ConnexIdP.Testing;

/// <summary>
/// Plays a browser over HTTP for protocol tests: keeps cookies across the relying party and the identity provider,
/// follows redirects hop by hop (recording them), and fills in the server's own forms through page objects.
/// </summary>
public sealed partial class TestBrowser : IDisposable
{
    private readonly HttpClient _http;

    public TestBrowser()
    {
        _http = new HttpClient(TestTls.TrustingHandler(allowRedirects: false, cookies: Cookies));
    }

    public CookieContainer Cookies { get; } = new();

    /// <summary>Every URL visited by the last navigation, in order.</summary>
    public List<Uri> Hops { get; } = [];

    public Uri? CurrentUrl { get; private set; }

    public string? LastBody { get; private set; }

    public HttpStatusCode LastStatus { get; private set; }

    /// <summary>
    /// Where every navigation stops instead of following a redirect (a client's redirect URI that no server answers),
    /// unless the call names its own stop.
    /// </summary>
    public Func<Uri, bool>? StopAt { get; set; }

    public Task<HttpResponseMessage> GetAsync(Uri url) => NavigateAsync(new HttpRequestMessage(HttpMethod.Get, url));

    public Task<HttpResponseMessage> PostFormAsync(Uri url, IEnumerable<KeyValuePair<string, string>> form) =>
        NavigateAsync(new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent(form) });

    /// <summary>Sends the request and follows redirects (303/302 become GET) until a page or a redirect to <paramref name="stopAt"/>.</summary>
    public async Task<HttpResponseMessage> NavigateAsync(HttpRequestMessage request, Func<Uri, bool>? stopAt = null)
    {
        Hops.Clear();
        stopAt ??= StopAt;
        for (var hop = 0; hop < 25; hop++)
        {
            Hops.Add(request.RequestUri!);
            CurrentUrl = request.RequestUri;
            var response = await _http.SendAsync(request);
            LastStatus = response.StatusCode;
            if ((int)response.StatusCode is >= 300 and < 400 && response.Headers.Location is { } location)
            {
                var next = location.IsAbsoluteUri ? location : new Uri(request.RequestUri!, location);
                if (stopAt?.Invoke(next) == true)
                {
                    CurrentUrl = next;
                    return response;
                }

                var method = response.StatusCode is HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect ? request.Method : HttpMethod.Get;
                request = new HttpRequestMessage(method, next);
                continue;
            }

            LastBody = await response.Content.ReadAsStringAsync();
            if (AutoPostPattern().IsMatch(LastBody))
            {
                // response_mode=form_post: a browser runs the page's script, which submits the form.
                var (action, fields) = ReadForm();
                request = new HttpRequestMessage(HttpMethod.Post, action) { Content = new FormUrlEncodedContent(fields) };
                continue;
            }

            return response;
        }

        throw new InvalidOperationException("More than 25 redirects: " + string.Join(" -> ", Hops));
    }

    /// <summary>The hidden and named inputs of the first POST form on the current page, and where it posts.</summary>
    public (Uri Action, List<KeyValuePair<string, string>> Fields) ReadForm()
    {
        var body = LastBody ?? throw new InvalidOperationException("No page loaded.");
        var form = FormPattern().Match(body);
        if (!form.Success)
        {
            throw new InvalidOperationException("The page has no POST form: " + body[..Math.Min(body.Length, 500)]);
        }

        var actionMatch = ActionPattern().Match(form.Groups["attrs"].Value);
        var action = actionMatch.Success ? new Uri(CurrentUrl!, WebUtility.HtmlDecode(actionMatch.Groups["v"].Value)) : CurrentUrl!;
        var fields = new List<KeyValuePair<string, string>>();
        foreach (Match input in HiddenPattern().Matches(form.Groups["body"].Value))
        {
            var name = NamePattern().Match(input.Value);
            var value = ValuePattern().Match(input.Value);
            if (name.Success)
            {
                fields.Add(new(WebUtility.HtmlDecode(name.Groups["v"].Value), value.Success ? WebUtility.HtmlDecode(value.Groups["v"].Value) : string.Empty));
            }
        }

        return (action, fields);
    }

    public void Dispose() => _http.Dispose();

    [GeneratedRegex("<form(?<attrs>[^>]*method=\"post\"[^>]*)>(?<body>.*?)</form>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex FormPattern();

    [GeneratedRegex("<form name=\"form\" method=\"post\"[^>]*>.*<script>document\\.form\\.submit\\(\\);</script>", RegexOptions.Singleline)]
    private static partial Regex AutoPostPattern();

    [GeneratedRegex("action=\"(?<v>[^\"]*)\"")]
    private static partial Regex ActionPattern();

    [GeneratedRegex("<input[^>]*type=\"hidden\"[^>]*>")]
    private static partial Regex HiddenPattern();

    [GeneratedRegex("name=\"(?<v>[^\"]*)\"")]
    private static partial Regex NamePattern();

    [GeneratedRegex("value=\"(?<v>[^\"]*)\"")]
    private static partial Regex ValuePattern();
}
