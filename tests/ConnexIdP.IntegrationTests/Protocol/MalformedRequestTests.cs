using System.Net;
using System.Text;
using ConnexIdP.Testing;

namespace ConnexIdP.IntegrationTests.Protocol;

/// <summary>
/// Bad input on every endpoint is answered with a 4xx, with the OAuth error JSON where the endpoint speaks JSON, and
/// never with a 5xx. Each test sends one kind of bad input to all endpoints of one server and lists every endpoint
/// that answered wrongly.
/// </summary>
public sealed class MalformedRequestTests
{
    // A complete request from the registered client, its secret included: only the defect under test is wrong.
    private const string ValidParameters =
        "client_id=webapp&response_type=code&redirect_uri=https%3A%2F%2Fclient.test%2Fcallback&scope=openid"
        + "&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256&nonce=n"
        + "&grant_type=client_credentials&token=abc&post_logout_redirect_uri=https%3A%2F%2Fclient.test%2Fsigned-out";

    private static readonly Endpoint[] Endpoints =
    [
        new("authorize GET", "GET", "connect/authorize", Answer.Page),
        new("authorize POST", "POST", "connect/authorize", Answer.Page),
        new("par", "POST", "connect/par", Answer.Json),
        new("token", "POST", "connect/token", Answer.Json),
        new("userinfo GET", "GET", "connect/userinfo", Answer.Page),
        new("userinfo POST", "POST", "connect/userinfo", Answer.Page),
        new("introspect", "POST", "connect/introspect", Answer.Json),
        new("revoke", "POST", "connect/revoke", Answer.Json),
        new("endsession GET", "GET", "connect/endsession", Answer.Page),
        new("endsession POST", "POST", "connect/endsession", Answer.Page),
        new("discovery", "GET", ".well-known/openid-configuration", Answer.Json),
        new("jwks", "GET", ".well-known/jwks", Answer.Json),
        new("sign-in POST", "POST", "account/signin", Answer.Page),
    ];

    private enum Answer
    {
        /// <summary>A browser endpoint: an error page (or the guard's JSON).</summary>
        Page,

        /// <summary>An OAuth JSON endpoint: the error comes as <c>{"error": ...}</c>.</summary>
        Json,
    }

    [Fact]
    public async Task Duplicated_parameters_are_refused_on_every_endpoint()
    {
        await AssertEveryEndpointRefusesAsync(p => p + "&client_id=other&state=a&state=b&post_logout_redirect_uri=https%3A%2F%2Fclient.test%2Fother");
    }

    [Fact]
    public async Task Hundred_kilobyte_state_is_refused_on_every_endpoint()
    {
        await AssertEveryEndpointRefusesAsync(p => p + "&state=" + new string('s', 100_000), tolerateClosedConnectionOnGet: true);
    }

    [Fact]
    public async Task Invalid_percent_encoding_is_refused_on_every_endpoint()
    {
        await AssertEveryEndpointRefusesAsync(p => p + "&state=%ZZ%E0%A4%");
    }

    [Fact]
    public async Task Invalid_utf8_is_refused_on_every_endpoint()
    {
        await AssertEveryEndpointRefusesAsync(p => p + "&state=%FF%FE%C0%AF%ED%A0%80");
    }

    [Fact]
    public async Task Raw_invalid_utf8_bytes_in_a_form_are_refused_on_every_endpoint()
    {
        await AssertEveryEndpointRefusesBodyAsync(p => Body([.. Encoding.ASCII.GetBytes(p + "&state="), 0xFF, 0xFE, 0xC0, 0xAF], "application/x-www-form-urlencoded"));
    }

    [Fact]
    public async Task Ten_megabyte_body_is_refused_on_every_endpoint()
    {
        await AssertEveryEndpointRefusesBodyAsync(p => Form(p + "&state=" + new string('s', 10 * 1024 * 1024)));
    }

    [Fact]
    public async Task More_than_1024_form_values_are_refused_on_every_endpoint()
    {
        await AssertEveryEndpointRefusesBodyAsync(p => Form(p + string.Concat(Enumerable.Range(0, 1025).Select(i => $"&p{i}=1"))));
    }

    [Fact]
    public async Task Form_key_over_2048_characters_is_refused_on_every_endpoint()
    {
        await AssertEveryEndpointRefusesBodyAsync(p => Form(p + "&" + new string('k', 2049) + "=1"));
    }

    [Fact]
    public async Task Broken_multipart_body_is_refused_on_every_endpoint()
    {
        await AssertEveryEndpointRefusesBodyAsync(_ => Body(
            Encoding.ASCII.GetBytes("--xyz\r\nContent-Disposition: form-data; name=\"client_id\"\r\n\r\nwebapp\r\n--xy"),
            "multipart/form-data; boundary=xyz"));
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded; charset=utf-16")]
    [InlineData(null)]
    public async Task Wrong_content_type_is_refused_on_every_endpoint(string? contentType)
    {
        await AssertEveryEndpointRefusesBodyAsync(p => Body(Encoding.UTF8.GetBytes(contentType == "application/json" ? "{\"client_id\":\"webapp\"}" : p), contentType));
    }

    [Theory]
    [InlineData("Host: bad host\r\n")]
    [InlineData("Host: [::1\r\n")]
    [InlineData("Host: localhost:port\r\n")]
    [InlineData("Host: a/b\r\n")]
    [InlineData("Host: one\r\nHost: two\r\n")]
    [InlineData("")] // none at all, which HTTP/1.1 requires
    public async Task Unparsable_host_header_is_refused_on_every_endpoint(string hostHeader)
    {
        await using var scenario = await CodeFlowScenario.StartAsync();
        var problems = new List<string>();

        foreach (var endpoint in Endpoints)
        {
            var parameters = WithSecret(scenario);
            var body = endpoint.Method == "POST" ? Encoding.ASCII.GetBytes(parameters) : null;
            var headers = hostHeader + (body is null ? string.Empty : "Content-Type: application/x-www-form-urlencoded\r\n");
            var target = "/" + endpoint.Path + (body is null ? "?" + parameters : string.Empty);
            var (status, response) = await RawHttps.SendAsync(scenario.Server.BaseAddress, RawHttps.Request(endpoint.Method, target, headers, body));
            if ((int)status is < 400 or >= 500)
            {
                problems.Add($"{endpoint.Name}: {(int)status} {response[..Math.Min(200, response.Length)]}");
            }
        }

        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    // Sends the parameters in the query (GET endpoints) or as a form (POST endpoints) and checks every answer.
    private static async Task AssertEveryEndpointRefusesAsync(Func<string, string> spoil, bool tolerateClosedConnectionOnGet = false)
    {
        await using var scenario = await CodeFlowScenario.StartAsync();
        var parameters = spoil(WithSecret(scenario));
        using var http = scenario.Server.CreateClient();
        var problems = new List<string>();

        foreach (var endpoint in Endpoints)
        {
            using var request = endpoint.Method == "GET"
                ? new HttpRequestMessage(HttpMethod.Get, endpoint.Path + "?" + parameters)
                : new HttpRequestMessage(HttpMethod.Post, endpoint.Path) { Content = Form(parameters) };
            try
            {
                using var response = await http.SendAsync(request);
                await CheckAsync(endpoint, response, problems);
            }
            catch (HttpRequestException) when (tolerateClosedConnectionOnGet && endpoint.Method == "GET")
            {
                // Kestrel answers a request line over its 8 KB limit with 414 and closes the connection; the client
                // can see the reset before the status. Either way the request is refused, not processed.
            }
        }

        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    // POSTs the body to every endpoint path, GET-only ones included (where POST itself is already wrong).
    private static async Task AssertEveryEndpointRefusesBodyAsync(Func<string, HttpContent> body)
    {
        await using var scenario = await CodeFlowScenario.StartAsync();
        using var http = scenario.Server.CreateClient();
        var problems = new List<string>();

        foreach (var endpoint in Endpoints.DistinctBy(e => e.Path))
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, endpoint.Path) { Content = body(WithSecret(scenario)) };
            using var response = await http.SendAsync(request);
            await CheckAsync(endpoint with { Name = endpoint.Path }, response, problems);
        }

        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    private static async Task CheckAsync(Endpoint endpoint, HttpResponseMessage response, List<string> problems)
    {
        var answer = await TokenResponse.ReadAsync(response);
        var status = (int)answer.Status;
        var json = answer.ContentHeaders.ContentType?.MediaType == "application/json";
        if (status is < 400 or >= 500)
        {
            problems.Add($"{endpoint.Name}: {answer.ToString()[..Math.Min(300, answer.ToString().Length)]}");
        }

        // Kestrel's own refusals (414, 431) come without a body; every other answer of a JSON endpoint names the error.
        else if ((json || (endpoint.Answer == Answer.Json && answer.Body.Length > 0)) && answer.Error != "invalid_request")
        {
            problems.Add($"{endpoint.Name}: expected an invalid_request error, got {status} {answer.ContentHeaders.ContentType} {answer.Body[..Math.Min(300, answer.Body.Length)]}");
        }
    }

    private static string WithSecret(CodeFlowScenario scenario) => ValidParameters + "&client_secret=" + scenario.Secret;

    private static ByteArrayContent Form(string parameters) => Body(Encoding.ASCII.GetBytes(parameters), "application/x-www-form-urlencoded");

    private static ByteArrayContent Body(byte[] bytes, string? contentType)
    {
        var content = new ByteArrayContent(bytes);
        if (contentType is not null)
        {
            content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }

        return content;
    }

    private sealed record Endpoint(string Name, string Method, string Path, Answer Answer);
}
