using System.Net;
using ConnexIdP.Testing;

namespace ConnexIdP.Bench.CredentialStuffing;

/// <summary>
/// A browser at one source address (sent as X-Forwarded-For to a server that trusts loopback as its proxy): loads a
/// form and posts it, keeping its cookies (antiforgery, session, known device) as a browser would.
/// </summary>
internal sealed class SignInClient(Uri server, string source) : IDisposable
{
    private readonly TestBrowser _browser = new();

    public async Task RegisterAsync(string email, string password)
    {
        var status = await LoadAndPostAsync("account/register", [new("Email", email), new("DisplayName", string.Empty), new("Password", password)]);
        if (status is not (HttpStatusCode.OK or HttpStatusCode.SeeOther))
        {
            throw new InvalidOperationException($"Registering {email} answered {(int)status}.");
        }
    }

    /// <summary>One sign-in attempt: the answer to the form's page when it was refused, otherwise to the post (303 on success).</summary>
    public Task<HttpStatusCode> SignInAsync(string email, string password) =>
        LoadAndPostAsync("account/signin", [new("Email", email), new("Password", password)]);

    private async Task<HttpStatusCode> LoadAndPostAsync(string path, List<KeyValuePair<string, string>> values)
    {
        using (var page = await SendAsync(new HttpRequestMessage(HttpMethod.Get, new Uri(server, path))))
        {
            if (page.StatusCode != HttpStatusCode.OK)
            {
                return page.StatusCode;
            }
        }

        var (action, fields) = _browser.ReadForm();
        using var post = await SendAsync(new HttpRequestMessage(HttpMethod.Post, action) { Content = new FormUrlEncodedContent([.. fields, .. values]) });
        return post.StatusCode;
    }

    // Redirects are not followed: the first answer is the one counted.
    private Task<HttpResponseMessage> SendAsync(HttpRequestMessage request)
    {
        request.Headers.Add("X-Forwarded-For", source);
        return _browser.NavigateAsync(request, stopAt: _ => true);
    }

    public void Dispose() => _browser.Dispose();
}
