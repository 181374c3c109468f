using System.Net;
using System.Text.RegularExpressions;
using ConnexIdP.Core.Credentials;
using ConnexIdP.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace ConnexIdP.IntegrationTests.SignIn;

/// <summary>
/// Sign-in when password hashing is at capacity: the server answers 503 with Retry-After at once, says so on the page,
/// keeps serving what needs no hashing, and signs people in again once there is room. The gate is configured tiny and
/// its only slot is held by the test, as a long hash would hold it, so which request gets which answer is certain.
/// </summary>
public sealed partial class BusySignInTests
{
    private const string Email = "ada@example.com";
    private const string Password = "correct horse battery staple";
    private const string WrongPassword = "wrong-password-7f3a";

    [Fact]
    public async Task A_flood_of_sign_ins_gets_503_with_retry_after_while_discovery_still_answers_and_later_sign_ins_succeed()
    {
        // Each email once: parallel attempts on one email would meet its backoff (429) before the gate.
        var known = Enumerable.Range(0, 10).Select(i => $"known{i}@example.com").ToList();
        await using var scene = await HeldGateScene.StartAsync(queueLimit: 1, known);

        // Half at real accounts, half at emails no account has: twenty at once, one more than the single waiting place.
        var posts = Enumerable.Range(0, 20).Select(i => scene.PostSignInAsync(i % 2 == 0 ? known[i / 2] : $"nobody{i}@example.com", WrongPassword)).ToList();
        var refused = new List<SignInAnswer>();
        while (posts.Count > 1)
        {
            var answered = await Task.WhenAny(posts).WaitAsync(TimeSpan.FromMinutes(2));
            posts.Remove(answered);
            refused.Add(await answered);
        }

        using var discovery = await scene.Http.GetAsync(".well-known/openid-configuration");
        using var keys = await scene.Http.GetAsync(".well-known/jwks");
        Assert.Equal(HttpStatusCode.OK, discovery.StatusCode);
        Assert.Equal(HttpStatusCode.OK, keys.StatusCode);
        Assert.All(refused, answer =>
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, answer.Status);
            Assert.True(answer.RetryAfter >= TimeSpan.FromSeconds(1), $"Retry-After: {answer.RetryAfter}");
            Assert.Contains($"The service is busy; try again in {answer.RetryAfter!.Value.TotalSeconds:0} second", answer.Body, StringComparison.Ordinal);
            Assert.Contains($"name=\"Email\" value=\"{answer.Email}\"", answer.Body, StringComparison.Ordinal);
            Assert.DoesNotContain(WrongPassword, answer.Body, StringComparison.Ordinal);
        });

        // A known and an unknown email are refused alike: the gate says nothing about which accounts exist.
        Assert.Contains(refused, a => known.Contains(a.Email));
        Assert.Contains(refused, a => !known.Contains(a.Email));
        Assert.Single(refused.Select(a => (a.Status, a.RetryAfter, Comparable(a))).Distinct());

        await scene.ReleaseAsync();
        Assert.Equal(HttpStatusCode.Unauthorized, (await posts.Single()).Status);

        await new SignInPage(scene.Browser).WithPasswordAsync(Email, Password);
        Assert.Equal("/account", scene.Browser.CurrentUrl?.AbsolutePath);
        Assert.Equal(HttpStatusCode.OK, scene.Browser.LastStatus);
        Assert.Contains(scene.Browser.Cookies.GetCookies(scene.Server.BaseAddress), c => c.Name == "__Host-connexidp-session");
    }

    [Theory]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("multipart/form-data")]
    public async Task Passwords_and_forms_too_long_for_a_sign_in_are_refused_before_any_hashing(string contentType)
    {
        // No waiting place: a form that reached the gate would get 503; one refused before it gets 401 or 413.
        await using var scene = await HeldGateScene.StartAsync(queueLimit: 0);

        var fits = await scene.PostSignInAsync(Email, new string('p', 256), contentType);
        var longerThanAnyPassword = await scene.PostSignInAsync(Email, new string('p', 257), contentType);
        var tooLarge = await scene.PostSignInAsync(Email, new string('p', 100 * 1024), contentType);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, fits.Status);
        Assert.Equal(HttpStatusCode.Unauthorized, longerThanAnyPassword.Status);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.Status);
    }

    // The page as anyone would see it: without its fresh antiforgery token and the email typed.
    private static string Comparable(SignInAnswer answer) =>
        AntiforgeryToken().Replace(answer.Body, "value=\"…\"").Replace(answer.Email, "EMAIL", StringComparison.Ordinal);

    [GeneratedRegex("value=\"CfDJ8[^\"]*\"")]
    private static partial Regex AntiforgeryToken();

    private sealed record SignInAnswer(string Email, HttpStatusCode Status, TimeSpan? RetryAfter, string Body);

    /// <summary>
    /// A server with the account <see cref="Email"/> whose hashing gate has one slot, held by the test until
    /// <see cref="ReleaseAsync"/>, and a browser on its sign-in page (antiforgery cookie and token) from which any number
    /// of sign-in forms can be posted at once.
    /// </summary>
    private sealed class HeldGateScene : IAsyncDisposable
    {
        private readonly HeldHash _held = new();
        private List<KeyValuePair<string, string>> _fields = [];
        private Uri _action = null!;
        private Task _holding = Task.CompletedTask;

        private HeldGateScene(ConnexServer server)
        {
            Server = server;
            Http = server.CreateClient(Browser.Cookies);
        }

        public ConnexServer Server { get; }

        public TestBrowser Browser { get; } = new();

        public HttpClient Http { get; }

        public static async Task<HeldGateScene> StartAsync(int queueLimit, IEnumerable<string>? moreAccounts = null)
        {
            var scene = new HeldGateScene(await ConnexServer.StartAsync(settings: new Dictionary<string, string>
            {
                ["Passwords:Hashing:MaxConcurrent"] = "1",
                ["Passwords:Hashing:QueueLimit"] = queueLimit.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Passwords:Hashing:MaxWait"] = "00:01:00",
            }));
            foreach (var email in moreAccounts?.Prepend(Email) ?? [Email])
            {
                await scene.Server.CreateAccountAsync(email, Password);
            }

            await scene.Browser.GetAsync(new Uri(scene.Server.BaseAddress, "account/signin"));
            (scene._action, scene._fields) = scene.Browser.ReadForm();
            scene._holding = scene.Server.Services.GetRequiredService<PasswordHashingGate>()
                .RunAsync(HashingPartition.For("operator@example.com", source: null), scene._held.Run, CancellationToken.None);
            await scene._held.Started;
            return scene;
        }

        public async Task<SignInAnswer> PostSignInAsync(string email, string password, string contentType = "application/x-www-form-urlencoded")
        {
            List<KeyValuePair<string, string>> form = [.. _fields, new("Email", email), new("Password", password)];
            using HttpContent content = contentType == "multipart/form-data" ? Multipart(form) : new FormUrlEncodedContent(form);
            using var response = await Http.PostAsync(_action, content);
            return new SignInAnswer(email, response.StatusCode, response.Headers.RetryAfter?.Delta, await response.Content.ReadAsStringAsync());
        }

        public async Task ReleaseAsync()
        {
            _held.Release();
            await _holding;
        }

        public async ValueTask DisposeAsync()
        {
            await ReleaseAsync();
            _held.Dispose();
            Http.Dispose();
            Browser.Dispose();
            await Server.DisposeAsync();
        }

        private static MultipartFormDataContent Multipart(IEnumerable<KeyValuePair<string, string>> form)
        {
            var content = new MultipartFormDataContent();
            foreach (var (name, value) in form)
            {
                content.Add(new StringContent(value), name);
            }

            return content;
        }
    }
}
