using System.Security.Cryptography;
using System.Text.Json;
using ConnexIdP.Core.Security;
using ConnexIdP.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace ConnexIdP.IntegrationTests.Cli;

/// <summary>
/// <c>connexidp users mfa</c>: an operator hands a person who lost their phone a replacement authenticator, can never
/// leave an administrator without a factor, renews recovery codes and requires a factor; granting a client the admin
/// scope is a security event of its own.
/// </summary>
public sealed class SecondFactorsCommandTests : IDisposable
{
    private const string Email = "grace@example.com";
    private readonly string _directory = Directory.CreateTempSubdirectory("connexidp-cli-mfa-").FullName;
    private readonly string _pepper = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    private readonly CommandLine _cli;

    public SecondFactorsCommandTests() => _cli = new CommandLine(_directory, _pepper);

    [Fact]
    public async Task An_administrators_last_factor_goes_only_after_its_replacement_was_added()
    {
        Assert.Equal(0, (await _cli.RunAsync("correct horse battery staple\n", "users", "add", "--email", Email, "--admin", "--password-stdin")).ExitCode);
        var first = await AddTotpAsync("Old phone");
        Assert.Equal(10, first.GetProperty("recovery_codes").GetArrayLength());

        var refused = await _cli.RunAsync(null, "users", "mfa", "remove", Email, first.GetProperty("id").GetString()!);
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("Add the replacement first", refused.Error, StringComparison.Ordinal);
        Assert.Contains("users mfa add-totp", refused.Error, StringComparison.Ordinal);

        var replacement = await AddTotpAsync("New phone");
        Assert.Equal(JsonValueKind.Null, replacement.GetProperty("recovery_codes").ValueKind);
        Assert.StartsWith("otpauth://totp/ConnexIdP:grace%40example.com?secret=", replacement.GetProperty("uri").GetString(), StringComparison.Ordinal);
        var removed = await _cli.RunAsync(null, "users", "mfa", "remove", Email, first.GetProperty("id").GetString()!);
        Assert.True(removed.ExitCode == 0, removed.Error);

        var listed = await _cli.RunAsync(null, "--json", "users", "mfa", "list", Email);
        using var view = JsonDocument.Parse(listed.Output);
        Assert.True(view.RootElement.GetProperty("required").GetBoolean());
        Assert.Equal("New phone", Assert.Single(view.RootElement.GetProperty("authenticator_apps").EnumerateArray()).GetProperty("name").GetString());
        Assert.DoesNotContain(replacement.GetProperty("secret").GetString()!, listed.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Recovery_codes_are_renewed_only_for_an_account_with_a_factor_and_the_requirement_can_be_set()
    {
        Assert.Equal(0, (await _cli.RunAsync("correct horse battery staple\n", "users", "add", "--email", Email, "--password-stdin")).ExitCode);
        var none = await _cli.RunAsync(null, "users", "mfa", "recovery-codes", Email);
        Assert.Equal(1, none.ExitCode);
        Assert.Contains("add an authenticator app or a security key first", none.Error, StringComparison.Ordinal);

        var app = await AddTotpAsync("Phone");
        var renewed = await _cli.RunAsync(null, "--json", "users", "mfa", "recovery-codes", Email);
        using (var codes = JsonDocument.Parse(renewed.Output))
        {
            var fresh = codes.RootElement.GetProperty("recovery_codes").EnumerateArray().Select(c => c.GetString()).ToList();
            Assert.Equal(10, fresh.Count);
            Assert.Empty(fresh.Intersect(app.GetProperty("recovery_codes").EnumerateArray().Select(c => c.GetString())));
        }

        Assert.Equal(0, (await _cli.RunAsync(null, "users", "mfa", "require", Email)).ExitCode);
        var removeLast = await _cli.RunAsync(null, "users", "mfa", "remove", Email, app.GetProperty("id").GetString()!);
        Assert.Equal(1, removeLast.ExitCode);
        Assert.Equal(0, (await _cli.RunAsync(null, "users", "mfa", "require", Email, "--off")).ExitCode);
        Assert.Equal(0, (await _cli.RunAsync(null, "users", "mfa", "remove", Email, app.GetProperty("id").GetString()!)).ExitCode);
    }

    [Fact]
    public async Task Giving_a_machine_client_the_admin_scope_is_a_high_severity_event()
    {
        Assert.Equal(0, (await _cli.RunAsync(null, "scopes", "add", "--name", "admin", "--resource", "connexidp-admin")).ExitCode);
        var client = await _cli.RunAsync(null, "clients", "add", "--client-id", "automation", "--type", "confidential",
            "--grant", "client_credentials", "--scope", "admin", "--generate-secret");
        Assert.True(client.ExitCode == 0, client.Error);

        await using var server = await ConnexServer.StartAsync(settings: new Dictionary<string, string>
        {
            ["Database:ConnectionString"] = _cli.ConnectionString,
            ["Keys:Directory"] = _cli.KeyDirectory,
            ["Passwords:Pepper:Value"] = _pepper,
        });
        var granted = await server.WithServiceAsync(services => services.GetRequiredService<SecurityEventReader>()
            .QueryAsync(new SecurityEventQuery { Type = SecurityEventTypes.AdminScopeGranted }, CancellationToken.None));
        var grant = Assert.Single(granted.Events);
        Assert.Equal("automation", grant.ClientId);
        Assert.Equal(SecuritySeverity.High, grant.Severity);
        Assert.StartsWith("by cli", grant.Details, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private async Task<JsonElement> AddTotpAsync(string name)
    {
        var added = await _cli.RunAsync(null, "--json", "users", "mfa", "add-totp", Email, "--name", name);
        Assert.True(added.ExitCode == 0, added.Error);
        using var document = JsonDocument.Parse(added.Output);
        return document.RootElement.Clone();
    }
}
