using System.Net;
using System.Security.Cryptography;
using ConnexIdP.Core.Accounts;
using ConnexIdP.Core.Data;
using ConnexIdP.Core.SecondFactors;
using ConnexIdP.IntegrationTests.Accounts;
using ConnexIdP.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ConnexIdP.IntegrationTests.SecondFactors;

/// <summary>
/// What the database holds of second factors: TOTP secrets only encrypted (Data Protection), a key ring that is itself
/// encrypted to a certificate kept outside the database, recovery codes only as keyed hashes; and time steps spent once
/// across every server sharing the database.
/// </summary>
public sealed class SecondFactorStorageTests
{
    [Fact]
    public async Task Secrets_are_encrypted_at_rest_under_a_key_ring_encrypted_to_the_certificate_and_survive_a_restart()
    {
        var directory = Directory.CreateTempSubdirectory("connexidp-keyring-").FullName;
        try
        {
            var certificate = Path.Combine(directory, "key-ring.pem");
            await File.WriteAllTextAsync(certificate, TestKeyRingCertificate.Pem());
            await using var scene = await SecondFactorScene.StartAsync(settings: new Dictionary<string, string> { ["DataProtection:Certificate:Path"] = certificate });

            var (apps, codes, keys) = await scene.Scenario.Server.WithServiceAsync(async services =>
            {
                var db = services.GetRequiredService<ConnexDbContext>();
                return (await db.AuthenticatorApps.AsNoTracking().ToListAsync(), await db.RecoveryCodes.AsNoTracking().ToListAsync(), await db.DataProtectionKeys.AsNoTracking().ToListAsync());
            });

            var app = Assert.Single(apps);
            Assert.DoesNotContain(scene.App!.Secret, app.ProtectedSecret, StringComparison.Ordinal);
            Assert.DoesNotContain(Convert.ToBase64String(OtpNet.Base32Encoding.ToBytes(scene.App.Secret)), app.ProtectedSecret, StringComparison.Ordinal);
            Assert.All(codes, c => Assert.StartsWith("$connexidp-recovery$k=", c.Hash, StringComparison.Ordinal));
            Assert.DoesNotContain(codes, c => scene.RecoveryCodes.Any(shownCode => c.Hash.Contains(shownCode.Replace("-", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal)));
            var key = Assert.Single(keys);
            Assert.Contains("EncryptedData", key.Xml, StringComparison.Ordinal);
            Assert.DoesNotContain("<masterKey", key.Xml, StringComparison.Ordinal);

            // A redeployment with the same certificate reads the key ring, and with it the secret.
            await scene.Scenario.Server.RestartAsync(new Dictionary<string, string?>());
            await scene.PasswordAsync();
            await scene.Pages.EnterCodeAsync(scene.CurrentCode);
            Assert.NotNull(scene.Scenario.Response()?.Code);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task A_code_accepted_by_one_server_process_is_refused_by_another_on_the_same_postgresql_database()
    {
        var settings = new Dictionary<string, string>
        {
            ["Database:Provider"] = "PostgreSql",
            ["Database:ConnectionString"] = await PostgresServer.CreateDatabaseAsync(),
            ["Passwords:Pepper:Value"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        };
        await using var first = ServerProcess.Create(settings);
        await using var second = ServerProcess.Create(settings);
        await first.CreateAccountAsync(CodeFlowScenario.Email, CodeFlowScenario.Password);
        var added = await first.WithCoreServicesAsync(async services =>
        {
            var account = await services.GetRequiredService<AccountService>().FindByEmailAsync(CodeFlowScenario.Email, CancellationToken.None);
            return await services.GetRequiredService<SecondFactorService>().AddAuthenticatorForAccountAsync(account!, "Phone", "test", CancellationToken.None);
        });
        await first.StartAsync();
        await second.StartAsync();
        var app = new TestAuthenticator(added.Enrollment!.Secret);

        // Both processes decrypt the secret the CLI encrypted: one key ring, in the database.
        var code = app.CodeAt(TimeProvider.System.GetUtcNow());
        using var atFirst = await SignInWithCodeAsync(first.BaseAddress, code);
        using var atSecond = await SignInWithCodeAsync(second.BaseAddress, code);

        Assert.Equal("/account", atFirst.CurrentUrl!.AbsolutePath);
        Assert.Equal(HttpStatusCode.Unauthorized, atSecond.LastStatus);
        Assert.Equal(SecondFactorService.ReplayedMessage, new AccountPages(atSecond, second.BaseAddress).Text("second-factor-error"));
    }

    private static async Task<TestBrowser> SignInWithCodeAsync(Uri server, string code)
    {
        var browser = new TestBrowser();
        await browser.GetAsync(new Uri(server, "/account/signin"));
        await new SignInPage(browser).WithPasswordAsync(CodeFlowScenario.Email, CodeFlowScenario.Password);
        await new SecondFactorPages(browser, server).EnterCodeAsync(code);
        return browser;
    }
}
