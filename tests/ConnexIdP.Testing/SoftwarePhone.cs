using System.Buffers.Text;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ConnexIdP.Testing;

/// <summary>
/// ConnexIdP Approve as a phone runs it, over HTTP and without a browser: sets itself up with a one-time link code (its
/// platform credential is a <see cref="SoftwareAuthenticator"/>), opens the app with that credential, reads the waiting
/// requests and answers one with a signature over the request, the number and the decision, computed as
/// <c>approve.js</c> computes it. Each call can be bent (no app header, another site, an answer signed for something
/// else) so tests can check what the server refuses.
/// </summary>
public sealed class SoftwarePhone : IDisposable
{
    public const string ApiPath = "/approve/api";
    public const string AppHeader = "X-ConnexIdP-Approve";
    public const string SessionCookie = "__Host-connexidp-approver";

    private const string ChallengeLabel = "connexidp-approval-v1";

    private readonly HttpClient _http;

    /// <param name="server">The server whose API the phone calls.</param>
    /// <param name="authenticator">The phone's platform authenticator; its origin is the app's (not owned: several phones may share one to stand for one phone talking to several servers).</param>
    public SoftwarePhone(Uri server, SoftwareAuthenticator authenticator)
    {
        Server = server;
        Authenticator = authenticator;
        _http = new HttpClient(TestTls.TrustingHandler(allowRedirects: false, cookies: Cookies)) { BaseAddress = server };
    }

    public Uri Server { get; }

    public SoftwareAuthenticator Authenticator { get; }

    public CookieContainer Cookies { get; } = new();

    /// <summary>The device id the server gave at set-up (the app keeps it to open itself later).</summary>
    public string? DeviceId { get; set; }

    /// <summary>The phone's session cookie, when it holds one.</summary>
    public Cookie? Session => Cookies.GetCookies(Server)[SessionCookie];

    /// <summary>Sets the phone up with <paramref name="code"/>: options, then the credential made from them (with or without user verification).</summary>
    public async Task<PhoneReply> EnrollAsync(string code, bool userVerified = true)
    {
        var options = await PostAsync("enroll/options", ("code", code));
        if (options.Status != HttpStatusCode.OK)
        {
            return options;
        }

        var registered = await PostAsync("enroll",
            ("challengeId", options.Text("challengeId")!),
            ("credential", Authenticator.Register(options.Json.GetProperty("options").GetRawText(), userVerified: userVerified)));
        if (registered.Status == HttpStatusCode.OK)
        {
            DeviceId = registered.Text("deviceId");
        }

        return registered;
    }

    /// <summary>Opens the app with the device's credential (the phone's screen lock), which gives it a session cookie.</summary>
    public async Task<PhoneReply> UnlockAsync()
    {
        var options = await PostAsync("unlock/options", ("deviceId", DeviceId ?? string.Empty));
        return options.Status != HttpStatusCode.OK
            ? options
            : await PostAsync("unlock", ("challengeId", options.Text("challengeId")!), ("credential", Authenticator.Assert(options.Json.GetProperty("options").GetRawText())));
    }

    /// <summary>What <c>GET requests</c> answers: the waiting requests, or the refusal.</summary>
    public async Task<PhoneReply> ReadRequestsAsync()
    {
        using var response = await _http.GetAsync(new Uri(Server, ApiPath + "/requests"));
        return await PhoneReply.ReadAsync(response);
    }

    /// <summary>The requests waiting for this phone's answer, oldest first.</summary>
    public async Task<IReadOnlyList<PhoneRequest>> RequestsAsync()
    {
        var reply = await ReadRequestsAsync();
        return reply.Status == HttpStatusCode.OK
            ? [.. reply.Json.GetProperty("requests").EnumerateArray().Select(PhoneRequest.From)]
            : throw new InvalidOperationException($"The phone cannot read its requests: {(int)reply.Status} {reply.Body}");
    }

    /// <summary>The one request waiting for this phone.</summary>
    public async Task<PhoneRequest> WaitingRequestAsync() =>
        (await RequestsAsync()) is [var only] ? only : throw new InvalidOperationException("The phone does not show exactly one request.");

    /// <summary>Picks <paramref name="number"/> ("approve") or says "I'm not signing in" (<paramref name="number"/> null, "deny"), signed for exactly that.</summary>
    public Task<PhoneReply> AnswerAsync(PhoneRequest request, int? number, string decision = "approve") =>
        SendAnswerAsync(request.Id, number?.ToString(CultureInfo.InvariantCulture), decision, Sign(request, number, decision));

    /// <summary>Posts an answer as given, whatever was signed.</summary>
    public Task<PhoneReply> SendAnswerAsync(string requestId, string? number, string decision, string credential) =>
        PostAsync("answer", [new("requestId", requestId), new("number", number ?? string.Empty), new("decision", decision), new("credential", credential)]);

    /// <summary>
    /// The device's assertion over <c>SHA-256("connexidp-approval-v1|{id}|{number or -}|{decision}|" || nonce)</c>, as the
    /// app makes it; <paramref name="number"/> is signed only with "approve".
    /// </summary>
    public string Sign(PhoneRequest request, int? number, string decision, string? origin = null)
    {
        var signed = decision == "approve" && number is { } picked ? picked.ToString(CultureInfo.InvariantCulture) : "-";
        var challenge = SHA256.HashData([.. Encoding.UTF8.GetBytes($"{ChallengeLabel}|{request.Id}|{signed}|{decision}|"), .. request.Nonce]);
        var options = new JsonObject { ["challenge"] = Base64Url.EncodeToString(challenge), ["rpId"] = Server.Host };
        return Authenticator.Assert(options.ToJsonString(), origin);
    }

    public Task<PhoneReply> PostAsync(string path, params (string Name, string Value)[] fields) =>
        PostAsync(path, fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)));

    /// <summary>
    /// A POST to the app's API at <paramref name="path"/>: with the app's header unless <paramref name="appHeader"/> is
    /// false, and with <c>Sec-Fetch-Site</c> when <paramref name="fetchSite"/> names one (as a browser adds it).
    /// </summary>
    public async Task<PhoneReply> PostAsync(string path, IEnumerable<KeyValuePair<string, string>> fields, bool appHeader = true, string? fetchSite = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(Server, ApiPath + "/" + path)) { Content = new FormUrlEncodedContent(fields) };
        if (appHeader)
        {
            request.Headers.Add(AppHeader, "1");
        }

        if (fetchSite is not null)
        {
            request.Headers.Add("Sec-Fetch-Site", fetchSite);
        }

        using var response = await _http.SendAsync(request);
        return await PhoneReply.ReadAsync(response);
    }

    public void Dispose() => _http.Dispose();
}
