using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using ConnexIdP.Testing;

namespace ConnexIdP.IntegrationTests.Transport;

/// <summary>
/// OpenIddict answers <c>response_mode=form_post</c> with a page whose one inline script submits the form; the CSP
/// allows exactly that script by its hash, so a browser runs it, and an OpenIddict upgrade that changes it fails here.
/// </summary>
public sealed partial class FormPostScriptTests
{
    [Fact]
    public async Task The_form_post_page_script_is_the_one_the_content_security_policy_allows()
    {
        await using var scenario = await CodeFlowScenario.StartAsync();
        await scenario.SignInAsync();
        using var http = new HttpClient(TestTls.TrustingHandler(cookies: scenario.Browser.Cookies));
        var request = scenario.NewRequest() with { Extra = [new("response_mode", "form_post")] };

        using var response = await http.GetAsync(request.ToUri(scenario.Server.BaseAddress));
        var page = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var scripts = InlineScript().Matches(page).Select(match => match.Groups["body"].Value).ToList();
        var script = Assert.Single(scripts);
        var hash = "'sha256-" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(script))) + "'";
        var policy = string.Join(", ", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self' " + hash, policy, StringComparison.Ordinal);
        Assert.Contains("no-store", string.Join(", ", response.Headers.GetValues("Cache-Control")), StringComparison.Ordinal);
    }

    [GeneratedRegex(@"<script>(?<body>.*?)</script>", RegexOptions.Singleline)]
    private static partial Regex InlineScript();
}
