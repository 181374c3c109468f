using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using ConnexIdP.Core.Clients;
using ConnexIdP.Core.Data;
using ConnexIdP.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ConnexIdP.IntegrationTests.Defence;

/// <summary>
/// The admin API accepts only this server's access tokens with the <c>admin</c> scope: blocks are listed (as JSON and as
/// an nftables script), placed and lifted, and security events queried; other tokens get 403 and no token 401.
/// </summary>
public sealed class AdminApiTests
{
    [Fact]
    public async Task A_client_credentials_token_with_the_admin_scope_places_lists_and_lifts_blocks()
    {
        // A clock that stands still, so the remaining time of each block in the nftables script is exact on a slow machine.
        await using var scenario = await MachineClientScenario.StartAsync(clock: new Microsoft.Extensions.Time.Testing.FakeTimeProvider(TimeProvider.System.GetUtcNow()));
        using var http = await AdminHttpAsync(scenario);

        using var placed = await http.PostAsJsonAsync("admin/api/blocks", new { network = "203.0.113.0/24", duration_seconds = 3600, reason = "credential stuffing seen at the edge" });
        Assert.Equal(HttpStatusCode.Created, placed.StatusCode);
        using (var block = JsonDocument.Parse(await placed.Content.ReadAsStringAsync()))
        {
            Assert.Equal("203.0.113.0/24", block.RootElement.GetProperty("network").GetString());
            Assert.Equal("admin-api:client:ops", block.RootElement.GetProperty("created_by").GetString());
            Assert.True(block.RootElement.GetProperty("active").GetBoolean());
        }

        using var single = await http.PostAsJsonAsync("admin/api/blocks", new { network = "2001:db8:1:2::/64", duration_seconds = 60 });
        Assert.Equal(HttpStatusCode.Created, single.StatusCode);

        using var listed = await http.GetAsync("admin/api/blocks");
        Assert.Equal(HttpStatusCode.OK, listed.StatusCode);
        using (var blocks = JsonDocument.Parse(await listed.Content.ReadAsStringAsync()))
        {
            Assert.Equal(["2001:db8:1:2::/64", "203.0.113.0/24"], blocks.RootElement.EnumerateArray().Select(b => b.GetProperty("network").GetString()).Order(StringComparer.Ordinal));
        }

        using var nft = await http.GetAsync("admin/api/blocks?format=nft");
        Assert.Equal(HttpStatusCode.OK, nft.StatusCode);
        Assert.Equal("text/plain", nft.Content.Headers.ContentType?.MediaType);
        var script = await nft.Content.ReadAsStringAsync();
        Assert.Contains("set connexidp_blocked { type ipv4_addr; flags interval, timeout; }", script, StringComparison.Ordinal);
        Assert.Contains("add element inet filter connexidp_blocked { 203.0.113.0/24 timeout 3600s }", script, StringComparison.Ordinal);
        Assert.Contains("add element inet filter connexidp_blocked6 { 2001:db8:1:2::/64 timeout 60s }", script, StringComparison.Ordinal);

        using var lifted = await http.DeleteAsync("admin/api/blocks/203.0.113.0/24");
        Assert.Equal(HttpStatusCode.OK, lifted.StatusCode);
        using var again = await http.DeleteAsync("admin/api/blocks/203.0.113.0/24");
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.DoesNotContain("203.0.113.0/24", await http.GetStringAsync("admin/api/blocks?format=nft"), StringComparison.Ordinal);

        using var tooWide = await http.PostAsJsonAsync("admin/api/blocks", new { network = "10.0.0.0/8", duration_seconds = 60 });
        Assert.Equal(HttpStatusCode.BadRequest, tooWide.StatusCode);
        using var hostBits = await http.PostAsJsonAsync("admin/api/blocks", new { network = "203.0.113.7/24", duration_seconds = 60 });
        Assert.Equal(HttpStatusCode.BadRequest, hostBits.StatusCode);

        // Each admin action is a security event, found through the events endpoint with its filters.
        using var events = JsonDocument.Parse(await http.GetStringAsync("admin/api/events?type=source.block_lifted&severity=medium&limit=10"));
        var lift = Assert.Single(events.RootElement.GetProperty("events").EnumerateArray());
        Assert.Equal("203.0.113.0/24 lifted by admin-api:client:ops", lift.GetProperty("details").GetString());
        using var placedEvents = JsonDocument.Parse(await http.GetStringAsync("admin/api/events?type=source.blocked&limit=1"));
        Assert.Single(placedEvents.RootElement.GetProperty("events").EnumerateArray());
        Assert.Equal(JsonValueKind.Number, placedEvents.RootElement.GetProperty("next_before").ValueKind);
    }

    [Fact]
    public async Task A_token_without_the_admin_scope_gets_403_and_no_or_a_forged_token_gets_401()
    {
        await using var scenario = await MachineClientScenario.StartAsync();
        var workerToken = (await scenario.Client().ClientCredentialsAsync("api1")).AccessToken!;
        using var http = scenario.Server.CreateClient();

        using var anonymous = await http.GetAsync("admin/api/blocks");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);

        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", workerToken);
        using var withoutScope = await http.GetAsync("admin/api/blocks?format=nft");
        Assert.Equal(HttpStatusCode.Forbidden, withoutScope.StatusCode);
        using var placeWithoutScope = await http.PostAsJsonAsync("admin/api/blocks", new { network = "203.0.113.0/24" });
        Assert.Equal(HttpStatusCode.Forbidden, placeWithoutScope.StatusCode);
        using var eventsWithoutScope = await http.GetAsync("admin/api/events");
        Assert.Equal(HttpStatusCode.Forbidden, eventsWithoutScope.StatusCode);

        // A token whose signature is broken, or that is not a token at all.
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", workerToken[..^4] + "AAAA");
        using var forged = await http.GetAsync("admin/api/blocks");
        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "not-a-token");
        using var garbage = await http.GetAsync("admin/api/blocks");
        Assert.Equal(HttpStatusCode.Unauthorized, garbage.StatusCode);
    }

    [Fact]
    public async Task An_admin_token_sees_and_lifts_an_accounts_lockout_while_others_get_401_or_403()
    {
        // A clock that stands still: the one-second backoff is still running when its state is read, however slow the machine.
        await using var scenario = await MachineClientScenario.StartAsync(clock: new Microsoft.Extensions.Time.Testing.FakeTimeProvider(TimeProvider.System.GetUtcNow()));
        await scenario.Server.CreateAccountAsync("ada@example.com", "correct horse battery staple");
        using (var browser = new SignInDevice(scenario.Server.BaseAddress))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await browser.SignInAsync("ada@example.com", "wrong guess")).Status);
        }

        using var anonymous = scenario.Server.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("admin/api/accounts/ada@example.com/lockout")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync("admin/api/accounts/ada@example.com/unlock", null)).StatusCode);
        using var worker = scenario.Server.CreateClient();
        worker.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (await scenario.Client().ClientCredentialsAsync("api1")).AccessToken);
        Assert.Equal(HttpStatusCode.Forbidden, (await worker.GetAsync("admin/api/accounts/ada@example.com/lockout")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await worker.PostAsync("admin/api/accounts/ada@example.com/unlock", null)).StatusCode);

        using var http = await AdminHttpAsync(scenario);
        using var locked = await http.GetAsync("admin/api/accounts/Ada@Example.com/lockout");
        Assert.Equal(HttpStatusCode.OK, locked.StatusCode);
        string accountId;
        using (var state = JsonDocument.Parse(await locked.Content.ReadAsStringAsync()))
        {
            Assert.Equal("ada@example.com", state.RootElement.GetProperty("email").GetString());
            accountId = state.RootElement.GetProperty("account_id").GetString()!;
            Assert.Equal(1, state.RootElement.GetProperty("failures").GetInt32());
            Assert.Equal(JsonValueKind.String, state.RootElement.GetProperty("next_attempt_at").ValueKind);
            Assert.False(state.RootElement.GetProperty("until_unlocked").GetBoolean());
        }

        using var unlocked = await http.PostAsync("admin/api/accounts/ada@example.com/unlock", null);
        Assert.Equal(HttpStatusCode.OK, unlocked.StatusCode);
        using (var result = JsonDocument.Parse(await unlocked.Content.ReadAsStringAsync()))
        {
            Assert.Equal(accountId, result.RootElement.GetProperty("account_id").GetString());
            Assert.Equal(1, result.RootElement.GetProperty("counters_cleared").GetInt32());
        }

        using (var state = JsonDocument.Parse(await http.GetStringAsync("admin/api/accounts/ada@example.com/lockout")))
        {
            Assert.Equal(0, state.RootElement.GetProperty("failures").GetInt32());
            Assert.Equal(JsonValueKind.Null, state.RootElement.GetProperty("next_attempt_at").ValueKind);
        }

        // The unlock is a security event of the account, naming the client that did it.
        using var events = JsonDocument.Parse(await http.GetStringAsync("admin/api/events?type=account.unlocked"));
        var unlock = Assert.Single(events.RootElement.GetProperty("events").EnumerateArray());
        Assert.Equal(accountId, unlock.GetProperty("account_id").GetString());
        Assert.EndsWith("by an administrator (admin-api:client:ops)", unlock.GetProperty("details").GetString(), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.NotFound, (await http.PostAsync("admin/api/accounts/nobody@example.com/unlock", null)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await http.GetAsync("admin/api/accounts/not-an-email/lockout")).StatusCode);
    }

    [Fact]
    public async Task A_revoked_admin_token_stops_working_at_once()
    {
        await using var scenario = await MachineClientScenario.StartAsync();
        var (ops, token) = await AdminTokenAsync(scenario);
        using var http = scenario.Server.CreateClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("admin/api/blocks")).StatusCode);

        await ops.RevokeAsync(token, "access_token");
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("admin/api/blocks")).StatusCode);
    }

    [Fact]
    public async Task A_persons_admin_token_from_the_code_flow_works_only_while_the_account_is_an_administrator()
    {
        await using var scenario = await CodeFlowScenario.StartAsync();
        using var consoleClient = await AdminConsole.RegisterAsync(scenario.Server);
        var request = AdminConsole.NewRequest();
        var token = (await consoleClient.RedeemCodeAsync(await scenario.CodeAsync(request), request.RedirectUri, request.Pkce?.Verifier)).AccessToken!;
        using var http = scenario.Server.CreateClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        // Ada is no administrator: a client allowed the scope does not make her one.
        Assert.Equal(HttpStatusCode.Forbidden, (await http.GetAsync("admin/api/blocks")).StatusCode);

        await SetAdministratorAsync(scenario.Server, CodeFlowScenario.Email, true);

        // A token from a password-only sign-in opens nothing, even for an administrator.
        Assert.Equal(HttpStatusCode.Forbidden, (await http.GetAsync("admin/api/blocks")).StatusCode);

        // The next sign-in of the administrator goes through enrollment; its token shows two factors and is accepted.
        Assert.Null(await scenario.AuthorizeAsync(request = AdminConsole.NewRequest()));
        var pages = new SecondFactorPages(scenario.Browser, scenario.Server.BaseAddress);
        Assert.True(pages.AsksToEnroll, scenario.Browser.CurrentUrl?.ToString());
        await pages.EnrollAsync(TimeProvider.System.GetUtcNow());
        await pages.ContinueAsync();
        token = (await consoleClient.RedeemCodeAsync(scenario.Response()!.Code!, request.RedirectUri, request.Pkce?.Verifier)).AccessToken!;
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("admin/api/blocks")).StatusCode);
        using var placed = await http.PostAsJsonAsync("admin/api/blocks", new { network = "198.51.100.0/24", duration_seconds = 600 });
        using (var block = JsonDocument.Parse(await placed.Content.ReadAsStringAsync()))
        {
            Assert.StartsWith("admin-api:account:", block.RootElement.GetProperty("created_by").GetString(), StringComparison.Ordinal);
        }

        await SetAdministratorAsync(scenario.Server, CodeFlowScenario.Email, false);
        Assert.Equal(HttpStatusCode.Forbidden, (await http.GetAsync("admin/api/blocks")).StatusCode);
    }

    private static Task<int> SetAdministratorAsync(ConnexServer server, string email, bool admin) =>
        server.WithServiceAsync(services => services.GetRequiredService<ConnexDbContext>().Accounts
            .Where(a => a.NormalizedEmail == email)
            .ExecuteUpdateAsync(a => a.SetProperty(x => x.IsAdmin, admin)));

    private static async Task<HttpClient> AdminHttpAsync(MachineClientScenario scenario)
    {
        var (_, token) = await AdminTokenAsync(scenario);
        var http = scenario.Server.CreateClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    /// <summary>An automation client, <c>ops</c>, allowed the <c>admin</c> scope, and a token it got with client credentials.</summary>
    private static async Task<(OAuthClient Client, string Token)> AdminTokenAsync(MachineClientScenario scenario)
    {
        await scenario.Server.RegisterScopeAsync("admin", "connexidp-admin");
        var registered = await scenario.Server.RegisterClientAsync(new ClientRegistration
        {
            ClientId = "ops",
            Grants = ["client_credentials"],
            Scopes = ["admin"],
            Credential = ClientCredentialSource.GenerateSecret,
        });
        var client = new OAuthClient(scenario.Server, "ops", registered.GeneratedSecret!);
        var response = await client.ClientCredentialsAsync("admin");
        return (client, response.AccessToken ?? throw new InvalidOperationException(response.ToString()));
    }
}
