using System.Net;
using System.Text.RegularExpressions;

namespace ConnexIdP.IntegrationTests.Transport;

/// <summary>The headers and cookies a browser gets from the server over HTTPS.</summary>
[Collection(TransportServerCollection.Name)]
public sealed partial class BrowserHardeningTests(TransportServer fixture)
{
    private HttpClient Client() => new(fixture.Authority.TrustingHandler()) { BaseAddress = fixture.Server.BaseAddress };

    [Theory]
    [InlineData("account/signin")]
    [InlineData(".well-known/openid-configuration")]
    [InlineData("no/such/page")]
    [InlineData("health/live")]
    public async Task Every_response_carries_the_hardening_headers(string path)
    {
        using var http = Client();
        using var response = await http.GetAsync(path);

        var csp = Header(response, "Content-Security-Policy");
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-eval", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        Assert.Equal("no-referrer", Header(response, "Referrer-Policy"));
        Assert.Contains("camera=()", Header(response, "Permissions-Policy"), StringComparison.Ordinal);
        Assert.Equal("max-age=31536000; includeSubDomains", Header(response, "Strict-Transport-Security"));
        Assert.Contains("no-store", Header(response, "Cache-Control"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Token_endpoint_answers_are_never_stored()
    {
        using var http = Client();
        using var issued = await http.PostAsync("connect/token", new FormUrlEncodedContent(
            [new("grant_type", "client_credentials"), new("client_id", "worker"), new("client_secret", fixture.WorkerSecret)]));
        using var refused = await http.PostAsync("connect/token", new FormUrlEncodedContent(
            [new("grant_type", "client_credentials"), new("client_id", "worker"), new("client_secret", "wrong")]));

        Assert.Equal(HttpStatusCode.OK, issued.StatusCode);
        Assert.Contains("access_token", await issued.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("no-store", Header(issued, "Cache-Control"), StringComparison.Ordinal);
        Assert.Contains("no-store", Header(refused, "Cache-Control"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Static_files_may_be_cached_and_still_carry_nosniff()
    {
        using var http = Client();
        using var response = await http.GetAsync("js/password.js");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("public, max-age=3600", Header(response, "Cache-Control"));
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
    }

    [Fact]
    public async Task Pages_have_no_inline_script_or_style()
    {
        using var http = Client();
        var page = await http.GetStringAsync("account/signin");

        Assert.Matches(ExternalScript(), page);
        Assert.DoesNotMatch(InlineScript(), page);
        Assert.DoesNotMatch(InlineStyle(), page);
    }

    [Fact]
    public async Task Sign_in_redirects_with_303_and_every_cookie_is_host_prefixed_secure_and_http_only()
    {
        using var http = Client();
        using var page = await http.GetAsync("account/signin?returnUrl=%2Faccount");
        var antiforgery = SetCookies(page).Single();
        var token = WebUtility.HtmlDecode(AntiforgeryField().Match(await page.Content.ReadAsStringAsync()).Groups["value"].Value);

        using var post = new HttpRequestMessage(HttpMethod.Post, "account/signin?returnUrl=%2Faccount")
        {
            Content = new FormUrlEncodedContent([new("__af", token), new("Email", TransportServer.Email), new("Password", TransportServer.Password)]),
        };
        post.Headers.Add("Cookie", antiforgery.Split(';')[0]);
        using var signedIn = await http.SendAsync(post);

        Assert.Equal(HttpStatusCode.SeeOther, signedIn.StatusCode);
        Assert.Contains("no-store", Header(signedIn, "Cache-Control"), StringComparison.Ordinal);
        var cookies = SetCookies(signedIn).Append(antiforgery).ToList();
        Assert.Contains(cookies, c => c.StartsWith("__Host-connexidp-session=", StringComparison.Ordinal) && c.Contains("samesite=lax", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(cookies, c => c.StartsWith("__Host-connexidp-device=", StringComparison.Ordinal) && c.Contains("samesite=strict", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(cookies, c => c.StartsWith("__Host-connexidp-af=", StringComparison.Ordinal) && c.Contains("samesite=strict", StringComparison.OrdinalIgnoreCase));
        Assert.All(cookies, cookie =>
        {
            var attributes = cookie.Split(';', StringSplitOptions.TrimEntries).Skip(1).Select(a => a.ToLowerInvariant()).ToList();
            Assert.StartsWith("__Host-", cookie, StringComparison.Ordinal);
            Assert.Contains("secure", attributes);
            Assert.Contains("httponly", attributes);
            Assert.Contains("path=/", attributes);
            Assert.DoesNotContain(attributes, a => a.StartsWith("domain=", StringComparison.Ordinal));
        });
    }

    [Fact]
    public async Task A_form_posted_without_its_antiforgery_token_is_refused()
    {
        using var http = Client();
        using var response = await http.PostAsync("account/signin", new FormUrlEncodedContent([new("Email", TransportServer.Email), new("Password", TransportServer.Password)]));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(response.Headers.Contains("Set-Cookie") && SetCookies(response).Any(c => c.StartsWith("__Host-connexidp-session=", StringComparison.Ordinal)));
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? string.Join(", ", values)
            : throw new Xunit.Sdk.XunitException($"{name} missing on {response.RequestMessage?.RequestUri} ({(int)response.StatusCode})");

    private static IEnumerable<string> SetCookies(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var values) ? values : [];

    [GeneratedRegex(@"<script\s+src=""/js/[^""]+""")]
    private static partial Regex ExternalScript();

    [GeneratedRegex(@"<script(?![^>]*\ssrc=)[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex InlineScript();

    [GeneratedRegex(@"<style|\sstyle=|\son[a-z]+=", RegexOptions.IgnoreCase)]
    private static partial Regex InlineStyle();

    [GeneratedRegex(@"name=""__af""[^>]*value=""(?<value>[^""]+)""")]
    private static partial Regex AntiforgeryField();
}
