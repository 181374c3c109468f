using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using ConnexIdP.Core.Clients;
using ConnexIdP.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Xunit.Abstractions;

namespace ConnexIdP.IntegrationTests.Storage;

/// <summary>
/// <c>kill -9</c> of the server while many clients rotate refresh tokens: after a restart every refresh token a client
/// received (and has not presented since) still redeems, and access tokens issued before the crash still verify
/// against the published keys.
/// </summary>
public sealed class CrashSafetyTests(ITestOutputHelper output)
{
    private const string Email = "ada@example.com";
    private const string Password = "correct horse battery staple";
    private const string ClientId = "mobile-app";
    private const int Chains = 20;
    private static readonly Uri RedirectUri = new("https://client.test/callback");
    private static readonly TimeSpan LoadBeforeKill = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task Kill_9_during_refresh_rotation_loses_no_token_a_client_received_and_keeps_the_signing_keys()
    {
        // SQLite in WAL mode with synchronous=NORMAL (the default, pinned so this keeps testing the weaker level): a
        // commit is written to the WAL file, in the operating system's page cache, before the server answers, so a
        // process crash cannot lose it. Only power loss can roll back the last commits; synchronous=FULL covers that.
        await using var server = ServerProcess.Create(new Dictionary<string, string> { ["Database:Sqlite:Synchronous"] = "Normal" });
        await server.CreateAccountAsync(Email, Password, "Ada Lovelace");
        var secret = (await server.RegisterClientAsync(new ClientRegistration
        {
            ClientId = ClientId,
            Grants = ["authorization_code", "refresh_token"],
            RedirectUris = [RedirectUri.ToString()],
            Scopes = ["openid", "profile", "email", "offline_access"],
            Consent = ConsentMode.Implicit,
            Credential = ClientCredentialSource.GenerateSecret,
        })).GeneratedSecret!;
        await server.StartAsync();

        var setup = Stopwatch.StartNew();
        var chains = new List<RefreshChain>();
        using (var backChannel = BackChannel(server, secret))
        {
            for (var i = 0; i < Chains; i++)
            {
                chains.Add(new RefreshChain(await SignInAsync(server, backChannel)));
            }
        }

        var kidsBefore = (await JwksAsync(server)).Keys.Select(k => k.Kid).ToHashSet();
        output.WriteLine($"{Chains} sign-ins (code + PKCE) in {setup.ElapsedMilliseconds} ms");

        var load = new Load();
        Task[] loops;
        using (var backChannel = BackChannel(server, secret))
        {
            loops = [.. chains.Select(chain => Task.Run(() => chain.RotateUntilStoppedAsync(backChannel, load)))];
            await Task.Delay(LoadBeforeKill);
            await load.WaitForMixAsync(minimumInFlight: 3, minimumIdle: 3);

            load.Stopping = true;
            load.KillIssuedAt = Stopwatch.GetTimestamp();
            await server.KillAsync();
            load.ProcessGoneAt = Stopwatch.GetTimestamp();
            await Task.WhenAll(loops).WaitAsync(TimeSpan.FromSeconds(30));
        }

        var unexpected = chains.Where(c => c.UnexpectedAnswer is not null).ToList();
        Assert.True(unexpected.Count == 0, "a rotation failed before the kill: " + string.Join("; ", unexpected.Select(c => c.UnexpectedAnswer)));

        // A chain whose last request may have reached the server before it died has an unknowable fate: the server may
        // have committed the rotation (then the token the client holds is spent, and presenting it again is reuse) or
        // not. Only a chain that presented nothing after its last answer while the server lived makes a promise we can
        // check. Timestamps decide, not the kind of error: HttpClient silently resends a request whose pooled connection
        // died, so "connection refused" does not prove that the first attempt never arrived.
        var acknowledged = chains.Where(c => c.UnansweredRequestAt is not { } sentAt || sentAt > load.ProcessGoneAt).ToList();
        var inFlight = chains.Except(acknowledged).ToList();
        output.WriteLine($"{chains.Sum(c => c.Rotations)} rotations in {Milliseconds(load.KillIssuedAt - load.StartedAt)} ms before the kill " +
            $"(SIGKILL to exit: {Milliseconds(load.ProcessGoneAt - load.KillIssuedAt)} ms); at the kill {acknowledged.Count} chains held an answered " +
            $"token they had not presented and {inFlight.Count} had a request in flight");
        Assert.NotEmpty(inFlight);
        Assert.NotEmpty(acknowledged);

        var restart = Stopwatch.StartNew();
        await server.StartAsync();
        output.WriteLine($"restarted and ready in {restart.ElapsedMilliseconds} ms");

        using var afterRestart = BackChannel(server, secret);

        // The promise first: presenting a spent token revokes its whole family, so the in-flight chains wait until these are checked.
        var redeemed = new List<(RefreshChain Chain, TokenResponse Answer)>();
        foreach (var chain in acknowledged)
        {
            redeemed.Add((chain, await RefreshAsync(afterRestart, chain.LastReceived)));
        }

        var lost = redeemed.Where(r => r.Answer.Status != HttpStatusCode.OK).ToList();
        Assert.True(lost.Count == 0,
            $"{lost.Count} of {acknowledged.Count} refresh tokens received before the crash no longer redeem: " +
            string.Join("; ", lost.Select(r => $"after {r.Chain.Rotations} rotations: {r.Answer}")));

        var notRotated = 0;
        var rotatedUnseen = 0;
        foreach (var chain in inFlight)
        {
            var answer = await RefreshAsync(afterRestart, chain.LastReceived);
            if (answer.Status == HttpStatusCode.OK)
            {
                notRotated++;
            }
            else
            {
                Assert.True(answer.Status == HttpStatusCode.BadRequest && answer.Error == "invalid_grant", "in-flight chain: " + answer);
                rotatedUnseen++;
            }
        }

        output.WriteLine($"after the restart: {acknowledged.Count}/{acknowledged.Count} acknowledged tokens redeemed; of {inFlight.Count} in-flight chains " +
            $"{notRotated} had not rotated (their token still redeemed) and {rotatedUnseen} had rotated without the client seeing the answer (token spent)");

        // Access tokens are JWTs that APIs verify with the published keys: the keys are files the crash did not touch.
        var accessToken = new JsonWebToken(acknowledged[0].LastAccessToken);
        var jwks = await JwksAsync(server);
        Assert.Contains(accessToken.Kid, kidsBefore);
        Assert.Contains(accessToken.Kid, jwks.Keys.Select(k => k.Kid));
        var validation = await new JsonWebTokenHandler().ValidateTokenAsync(accessToken, new TokenValidationParameters
        {
            ValidIssuer = server.BaseAddress.ToString(),
            ValidateAudience = false,
            IssuerSigningKeys = jwks.GetSigningKeys(),
        });
        Assert.True(validation.IsValid, $"an access token issued before the crash does not verify after it: {validation.Exception?.Message}");
    }

    private static double Milliseconds(long elapsed) => Math.Round(Stopwatch.GetElapsedTime(0, elapsed).TotalMilliseconds);

    /// <summary>The client's back channel: HTTP Basic with its id and secret on every request.</summary>
    private static HttpClient BackChannel(ServerProcess server, string secret)
    {
        var http = server.CreateClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{WebUtility.UrlEncode(ClientId)}:{WebUtility.UrlEncode(secret)}")));
        return http;
    }

    /// <summary>A person signs in through the real pages; the client redeems the code with its PKCE verifier.</summary>
    private static async Task<TokenResponse> SignInAsync(ServerProcess server, HttpClient backChannel)
    {
        using var browser = new TestBrowser { StopAt = uri => uri.Host == RedirectUri.Host };
        var request = new AuthorizationRequest { ClientId = ClientId, RedirectUri = RedirectUri };
        await browser.GetAsync(request.ToUri(server.BaseAddress));
        await new SignInPage(browser).WithPasswordAsync(Email, Password);
        var code = AuthorizationResponse.From(browser.CurrentUrl!).Code
            ?? throw new InvalidOperationException($"No code at {browser.CurrentUrl}");

        var tokens = await TokenAsync(backChannel, ("grant_type", "authorization_code"), ("code", code),
            ("redirect_uri", RedirectUri.ToString()), ("code_verifier", request.Pkce!.Verifier));
        return tokens.RefreshToken is null ? throw new InvalidOperationException("The code was not redeemed: " + tokens) : tokens;
    }

    private static Task<TokenResponse> RefreshAsync(HttpClient backChannel, string refreshToken) =>
        TokenAsync(backChannel, ("grant_type", "refresh_token"), ("refresh_token", refreshToken));

    private static async Task<TokenResponse> TokenAsync(HttpClient backChannel, params (string Name, string? Value)[] fields)
    {
        using var response = await backChannel.PostAsync("connect/token", new FormUrlEncodedContent(OAuthClient.Form(fields)));
        return await TokenResponse.ReadAsync(response);
    }

    private static async Task<JsonWebKeySet> JwksAsync(ServerProcess server)
    {
        using var http = server.CreateClient();
        using var discovery = JsonDocument.Parse(await http.GetStringAsync(".well-known/openid-configuration"));
        return new JsonWebKeySet(await http.GetStringAsync(discovery.RootElement.GetProperty("jwks_uri").GetString()));
    }

    /// <summary>What the loops share: when the load began, how many requests are in flight, and when the server was killed.</summary>
    private sealed class Load
    {
        private int _inFlight;
        private int _finished;
        private bool _stopping;

        public long StartedAt { get; } = Stopwatch.GetTimestamp();

        /// <summary>Set just before the kill: a chain between requests sends no more, so its last answer stays unpresented.</summary>
        public bool Stopping
        {
            get => Volatile.Read(ref _stopping);
            set => Volatile.Write(ref _stopping, value);
        }

        public long KillIssuedAt { get; set; }

        public long ProcessGoneAt { get; set; }

        public void Sending() => Interlocked.Increment(ref _inFlight);

        public void Answered() => Interlocked.Decrement(ref _inFlight);

        public void Finished() => Interlocked.Increment(ref _finished);

        /// <summary>
        /// Waits (up to five seconds) for a moment when some chains are waiting for an answer and some are between
        /// requests, so that the kill lands mid-load and still leaves tokens whose answers were received.
        /// </summary>
        public async Task WaitForMixAsync(int minimumInFlight, int minimumIdle)
        {
            var waited = Stopwatch.StartNew();
            while (waited.Elapsed < TimeSpan.FromSeconds(5))
            {
                var inFlight = Volatile.Read(ref _inFlight);
                if (inFlight >= minimumInFlight && Chains - inFlight - Volatile.Read(ref _finished) >= minimumIdle)
                {
                    return;
                }

                await Task.Delay(1);
            }
        }
    }

    /// <summary>One client's refresh token family, rotated as fast as the client gets answers.</summary>
    private sealed class RefreshChain(TokenResponse signIn)
    {
        public string LastReceived { get; private set; } = signIn.RefreshToken!;

        public string LastAccessToken { get; private set; } = signIn.AccessToken!;

        public int Rotations { get; private set; }

        /// <summary>When the request that got no answer (the server was gone) was sent; null when the chain stopped between requests.</summary>
        public long? UnansweredRequestAt { get; private set; }

        public TokenResponse? UnexpectedAnswer { get; private set; }

        /// <summary>
        /// Rotates until a request gets no answer or the load stops. After each answer the chain pauses for a random time of up to twice that
        /// round trip, so that whatever the machine's speed about half the chains hold an answered token they have not
        /// presented yet at any moment, while the others keep the server busy.
        /// </summary>
        public async Task RotateUntilStoppedAsync(HttpClient backChannel, Load load)
        {
            try
            {
                while (!load.Stopping)
                {
                    var sentAt = Stopwatch.GetTimestamp();
                    load.Sending();
                    TokenResponse answer;
                    var roundTrip = Stopwatch.StartNew();
                    try
                    {
                        answer = await RefreshAsync(backChannel, LastReceived);
                    }
                    catch (HttpRequestException)
                    {
                        UnansweredRequestAt = sentAt;
                        return;
                    }
                    finally
                    {
                        load.Answered();
                    }

                    if (answer.Status != HttpStatusCode.OK || answer.RefreshToken is null || answer.AccessToken is null)
                    {
                        UnexpectedAnswer = answer;
                        return;
                    }

                    LastReceived = answer.RefreshToken;
                    LastAccessToken = answer.AccessToken;
                    Rotations++;
                    await Task.Delay(roundTrip.Elapsed * (2 * Random.Shared.NextDouble()));
                }
            }
            finally
            {
                load.Finished();
            }
        }
    }
}
