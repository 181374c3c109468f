using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using ConnexIdP.Testing;

namespace ConnexIdP.IntegrationTests.Cli;

/// <summary><c>connexidp blocks add|list|lift</c> run as an operator would: text and JSON, clear refusals with exit code 1.</summary>
public sealed class BlocksCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("connexidp-cli-").FullName;
    private readonly CommandLine _cli;

    public BlocksCommandTests() => _cli = new CommandLine(_directory, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));

    [Fact]
    public async Task Blocks_are_added_listed_as_text_json_and_nftables_and_lifted()
    {
        Assert.Equal(0, (await _cli.RunAsync(null, "db", "migrate")).ExitCode);
        Assert.Equal("No blocks in force.", (await _cli.RunAsync(null, "blocks", "list")).Output.Trim());

        var added = await _cli.RunAsync(null, "blocks", "add", "203.0.113.0/24", "--duration", "2:00:00", "--reason", "stuffing from a hosting range");
        Assert.True(added.ExitCode == 0, added.Error);
        Assert.StartsWith("203.0.113.0/24 is blocked until ", added.Output, StringComparison.Ordinal);
        Assert.Equal(0, (await _cli.RunAsync(null, "blocks", "add", "2001:db8::7")).ExitCode);

        var text = await _cli.RunAsync(null, "blocks", "list");
        Assert.Contains("stuffing from a hosting range", text.Output, StringComparison.Ordinal);
        Assert.Contains("2001:db8::7/128", text.Output, StringComparison.Ordinal);

        var json = await _cli.RunAsync(null, "--json", "blocks", "list");
        using (var listed = JsonDocument.Parse(json.Output))
        {
            var block = listed.RootElement.EnumerateArray().Single(b => b.GetProperty("network").GetString() == "203.0.113.0/24");
            Assert.Equal("cli", block.GetProperty("created_by").GetString());
            Assert.True(block.GetProperty("active").GetBoolean());
        }

        var nft = await _cli.RunAsync(null, "blocks", "list", "--nft");
        // The time each block has left, which the seconds between the commands have shortened a little.
        Assert.Matches(@"add element inet filter connexidp_blocked \{ 203\.0\.113\.0/24 timeout 7[01]\d\ds \}", nft.Output);
        Assert.Matches(@"add element inet filter connexidp_blocked6 \{ 2001:db8::7/128 timeout 86[34]\d\ds \}", nft.Output);

        var lifted = await _cli.RunAsync(null, "--json", "blocks", "lift", "203.0.113.0/24");
        Assert.True(lifted.ExitCode == 0, lifted.Error);
        using (var view = JsonDocument.Parse(lifted.Output))
        {
            Assert.False(view.RootElement.GetProperty("active").GetBoolean());
            Assert.Equal("cli", view.RootElement.GetProperty("lifted_by").GetString());
        }

        Assert.DoesNotContain("203.0.113.0/24", (await _cli.RunAsync(null, "blocks", "list")).Output, StringComparison.Ordinal);
        Assert.Contains("203.0.113.0/24", (await _cli.RunAsync(null, "blocks", "list", "--all")).Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_networks_and_missing_blocks_are_refused_with_exit_code_1_and_usage_errors_with_2()
    {
        Assert.Equal(0, (await _cli.RunAsync(null, "db", "migrate")).ExitCode);

        var hostBits = await _cli.RunAsync(null, "blocks", "add", "203.0.113.7/24");
        Assert.Equal(1, hostBits.ExitCode);
        Assert.Contains("host bits set; the network is 203.0.113.0/24", hostBits.Error, StringComparison.Ordinal);

        var tooWide = await _cli.RunAsync(null, "blocks", "add", "10.0.0.0/8");
        Assert.Equal(1, tooWide.ExitCode);
        Assert.Contains("wider than a /16", tooWide.Error, StringComparison.Ordinal);

        var notBlocked = await _cli.RunAsync(null, "blocks", "lift", "198.51.100.1");
        Assert.Equal(1, notBlocked.ExitCode);
        Assert.Contains("no block in force", notBlocked.Error, StringComparison.Ordinal);

        Assert.Equal(2, (await _cli.RunAsync(null, "blocks", "add", "198.51.100.1", "--duration", "soon")).ExitCode);
        Assert.Equal(2, (await _cli.RunAsync(null, "blocks", "add")).ExitCode);
    }

    [Fact]
    public async Task A_block_added_by_the_cli_reaches_a_running_server_at_its_next_refresh_and_its_lift_too()
    {
        Assert.Equal(0, (await _cli.RunAsync(null, "db", "migrate")).ExitCode);
        await using var server = await ConnexServer.StartAsync(settings: new Dictionary<string, string>
        {
            ["Database:ConnectionString"] = _cli.ConnectionString,
            ["Keys:Directory"] = _cli.KeyDirectory,
            ["Passwords:Pepper:Value"] = _cli.Pepper,
            ["SignInDefence:TrustedProxies:0"] = "127.0.0.1",
            ["SignInDefence:TrustedProxies:1"] = "::1",
            ["SignInDefence:BlockRefreshInterval"] = "00:00:00.200",
        });
        using var http = server.CreateClient();
        Assert.Equal(HttpStatusCode.OK, await StatusFromAsync(http, "198.51.100.5"));

        Assert.Equal(0, (await _cli.RunAsync(null, "blocks", "add", "198.51.100.0/24", "--duration", "1:00:00")).ExitCode);
        Assert.True(await EventuallyAsync(async () => await StatusFromAsync(http, "198.51.100.5") == HttpStatusCode.Forbidden), "the server never refused the blocked network");
        Assert.Equal(HttpStatusCode.OK, await StatusFromAsync(http, "198.51.101.5"));

        Assert.Equal(0, (await _cli.RunAsync(null, "blocks", "lift", "198.51.100.0/24")).ExitCode);
        Assert.True(await EventuallyAsync(async () => await StatusFromAsync(http, "198.51.100.5") == HttpStatusCode.OK), "the server never let the lifted network in");
    }

    private static async Task<HttpStatusCode> StatusFromAsync(HttpClient http, string source)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, ".well-known/openid-configuration");
        request.Headers.Add("X-Forwarded-For", source);
        using var response = await http.SendAsync(request);
        return response.StatusCode;
    }

    // The server reloads blocks in the background when a request finds them older than the refresh interval.
    private static async Task<bool> EventuallyAsync(Func<Task<bool>> condition)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            if (await condition())
            {
                return true;
            }

            await Task.Delay(100);
        }

        return false;
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
