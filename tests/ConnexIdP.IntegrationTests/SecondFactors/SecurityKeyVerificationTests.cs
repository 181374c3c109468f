using System.Net;
using System.Text.Json;
using ConnexIdP.Core.Accounts;
using ConnexIdP.Core.Data;
using ConnexIdP.Core.Defence;
using ConnexIdP.Core.Security;
using ConnexIdP.Core.SecondFactors;
using ConnexIdP.Server.SecondFactors;
using ConnexIdP.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace ConnexIdP.IntegrationTests.SecondFactors;

/// <summary>
/// The WebAuthn relying-party rules a browser never lets a page break, broken on purpose by a software authenticator:
/// origin, RP id hash, single-use and expiring challenges, the sign counter, whose credential it is, user verification
/// for passkeys, unique credential ids, the failure limits, and trusted attestation. Against the real server and database.
/// </summary>
public sealed class SecurityKeyVerificationTests
{
    private const string Password = "correct horse battery staple";

    [Fact]
    public async Task A_key_registers_and_then_proves_the_second_factor_and_its_counter_is_stored()
    {
        await using var server = await StartAsync();
        var account = await server.CreateAccountAsync("ada@example.com", Password);
        using var key = Authenticator(server);

        var registered = await RegisterAsync(server, account.Id, key);
        var checkedKey = await CheckAsync(server, account.Id, options => key.Assert(options));

        Assert.True(registered.Succeeded, registered.Message);
        Assert.True(checkedKey.Succeeded, checkedKey.Message);
        Assert.Equal(["hwk", "user", "pin"], checkedKey.Methods);
        var stored = await StoredKeyAsync(server, key);
        Assert.Equal(account.Id, stored.AccountId);
        Assert.Equal(1, stored.SignCount);
        Assert.Equal(server.Clock!.GetUtcNow(), stored.LastUsedAt);
    }

    [Fact]
    public async Task A_registration_from_another_origin_is_refused()
    {
        await using var server = await StartAsync();
        var account = await server.CreateAccountAsync("ada@example.com", Password);
        using var key = Authenticator(server);

        var result = await RegisterAsync(server, account.Id, key, options => key.Register(options, origin: "https://connexidp.evil.example"));

        Assert.Equal(SecondFactorError.WrongCode, result.Error);
        Assert.Contains("origin", result.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(await KeysAsync(server, account.Id));
    }

    [Fact]
    public async Task An_assertion_from_another_origin_is_refused()
    {
        await using var scene = await RegisteredAsync();
        var (server, account, key) = scene;

        var result = await CheckAsync(server, account.Id, options => key.Assert(options, origin: "https://connexidp.evil.example"));

        Assert.Equal(SecondFactorError.WrongCode, result.Error);
        Assert.Contains("origin", result.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(0, (await StoredKeyAsync(server, key)).SignCount);
    }

    [Fact]
    public async Task An_assertion_whose_authenticator_data_names_another_rp_id_is_refused()
    {
        await using var scene = await RegisteredAsync();
        var (server, account, key) = scene;

        var result = await CheckAsync(server, account.Id, options => key.Assert(options, rpId: "evil.example"));

        Assert.Equal(SecondFactorError.WrongCode, result.Error);
        Assert.Equal(0, (await StoredKeyAsync(server, key)).SignCount);
    }

    [Fact]
    public async Task A_registration_whose_authenticator_data_names_another_rp_id_is_refused()
    {
        await using var server = await StartAsync();
        var account = await server.CreateAccountAsync("ada@example.com", Password);
        using var key = Authenticator(server);

        var result = await RegisterAsync(server, account.Id, key, options => key.Register(options, rpId: "evil.example"));

        Assert.Equal(SecondFactorError.WrongCode, result.Error);
        Assert.Empty(await KeysAsync(server, account.Id));
    }

    [Fact]
    public async Task The_same_answer_sent_twice_is_refused_the_second_time()
    {
        await using var scene = await RegisteredAsync();
        var (server, account, key) = scene;
        var start = await BeginCheckAsync(server, account.Id);
        var answer = key.Assert(start.OptionsJson);

        var first = await VerifyAsync(server, account.Id, start.ChallengeId, answer);
        var replayed = await VerifyAsync(server, account.Id, start.ChallengeId, answer);

        Assert.True(first.Succeeded, first.Message);
        Assert.Equal(SecondFactorError.EnrollmentExpired, replayed.Error);
    }

    [Fact]
    public async Task A_challenge_is_spent_by_its_first_answer_even_a_refused_one()
    {
        await using var scene = await RegisteredAsync(NoDelays);
        var (server, account, key) = scene;
        var start = await BeginCheckAsync(server, account.Id);

        var refused = await VerifyAsync(server, account.Id, start.ChallengeId, key.Assert(start.OptionsJson, origin: "https://connexidp.evil.example"));
        var second = await VerifyAsync(server, account.Id, start.ChallengeId, key.Assert(start.OptionsJson));

        Assert.Equal(SecondFactorError.WrongCode, refused.Error);
        Assert.Equal(SecondFactorError.EnrollmentExpired, second.Error);
        Assert.Equal(0, (await StoredKeyAsync(server, key)).SignCount);
    }

    [Fact]
    public async Task A_registration_challenge_cannot_be_used_twice()
    {
        await using var server = await StartAsync();
        var account = await server.CreateAccountAsync("ada@example.com", Password);
        using var key = Authenticator(server);
        using var other = Authenticator(server);
        var start = await WithAccountAsync(server, account.Id, async (service, found) => (await service.BeginSecurityKeyAsync(found, "Blue YubiKey", CancellationToken.None)).Start!);

        var first = await CompleteRegistrationAsync(server, account.Id, start.ChallengeId, key.Register(start.OptionsJson));
        var second = await CompleteRegistrationAsync(server, account.Id, start.ChallengeId, other.Register(start.OptionsJson));

        Assert.True(first.Succeeded, first.Message);
        Assert.Equal(SecondFactorError.EnrollmentExpired, second.Error);
        Assert.Single(await KeysAsync(server, account.Id));
    }

    [Fact]
    public async Task A_challenge_answered_after_its_lifetime_is_refused()
    {
        await using var scene = await RegisteredAsync();
        var (server, account, key) = scene;
        var start = await BeginCheckAsync(server, account.Id);
        var lifetime = server.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<SecondFactorOptions>>().Value.WebAuthn.ChallengeLifetime;

        server.Clock!.Advance(lifetime + TimeSpan.FromSeconds(1));
        var result = await VerifyAsync(server, account.Id, start.ChallengeId, key.Assert(start.OptionsJson));

        Assert.Equal(SecondFactorError.EnrollmentExpired, result.Error);
        Assert.Equal(0, (await StoredKeyAsync(server, key)).SignCount);
    }

    [Fact]
    public async Task A_counter_that_goes_back_is_refused_and_raised_as_a_possible_cloned_key()
    {
        await using var scene = await RegisteredAsync();
        var (server, account, key) = scene;
        Assert.True((await CheckAsync(server, account.Id, options => key.Assert(options, signCount: 5))).Succeeded);

        var regressed = await CheckAsync(server, account.Id, options => key.Assert(options, signCount: 3));

        Assert.Equal(SecondFactorError.WrongCode, regressed.Error);
        var stored = await StoredKeyAsync(server, key);
        Assert.Equal(5, stored.SignCount);
        var raised = Assert.Single(await EventsAsync(server, SecurityEventTypes.SecurityKeyCounterRegressed));
        Assert.Equal(SecuritySeverity.High, raised.Severity);
        Assert.Equal(account.Id, raised.AccountId);
        Assert.Contains($"id={stored.Id}", raised.Details, StringComparison.Ordinal);
        Assert.Equal(1, await FailuresAsync(server, account.Id));
    }

    [Fact]
    public async Task A_counter_that_repeats_its_last_value_is_refused_as_a_regression()
    {
        await using var scene = await RegisteredAsync();
        var (server, account, key) = scene;
        Assert.True((await CheckAsync(server, account.Id, options => key.Assert(options, signCount: 5))).Succeeded);

        var repeated = await CheckAsync(server, account.Id, options => key.Assert(options, signCount: 5));

        Assert.Equal(SecondFactorError.WrongCode, repeated.Error);
        Assert.Single(await EventsAsync(server, SecurityEventTypes.SecurityKeyCounterRegressed));
    }

    [Fact]
    public async Task A_counter_that_falls_back_to_zero_after_counting_is_refused_and_the_stored_counter_kept()
    {
        // WebAuthn L2 §7.2 step 21: once either counter is non-zero, the new one must be greater. A clone reporting 0
        // must not pass, nor reset the stored counter (which would blind every later check).
        await using var scene = await RegisteredAsync();
        var (server, account, key) = scene;
        Assert.True((await CheckAsync(server, account.Id, options => key.Assert(options, signCount: 5))).Succeeded);

        var reset = await CheckAsync(server, account.Id, options => key.Assert(options, signCount: 0));

        Assert.Equal(SecondFactorError.WrongCode, reset.Error);
        Assert.Equal(5, (await StoredKeyAsync(server, key)).SignCount);
        Assert.Single(await EventsAsync(server, SecurityEventTypes.SecurityKeyCounterRegressed));
    }

    [Fact]
    public async Task A_key_that_never_counts_keeps_working_with_a_zero_counter()
    {
        // Many passkeys report 0 always: with nothing counted on either side there is nothing to compare.
        await using var scene = await RegisteredAsync();
        var (server, account, key) = scene;

        var first = await CheckAsync(server, account.Id, options => key.Assert(options, signCount: 0));
        var second = await CheckAsync(server, account.Id, options => key.Assert(options, signCount: 0));

        Assert.True(first.Succeeded, first.Message);
        Assert.True(second.Succeeded, second.Message);
        Assert.Empty(await EventsAsync(server, SecurityEventTypes.SecurityKeyCounterRegressed));
    }

    [Fact]
    public async Task An_unknown_credential_is_refused()
    {
        await using var scene = await RegisteredAsync();
        var (server, account, key) = scene;

        var result = await CheckAsync(server, account.Id, options => key.Assert(options, credentialId: System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)));

        Assert.Equal(SecondFactorError.WrongCode, result.Error);
        Assert.Equal("This security key is not registered here.", result.Message);
        Assert.Equal(0, (await StoredKeyAsync(server, key)).SignCount);
    }

    [Fact]
    public async Task An_assertion_without_user_presence_is_refused()
    {
        await using var scene = await RegisteredAsync();
        var (server, account, key) = scene;

        var result = await CheckAsync(server, account.Id, options => key.Assert(options, userPresent: false));

        Assert.Equal(SecondFactorError.WrongCode, result.Error);
        Assert.Equal(0, (await StoredKeyAsync(server, key)).SignCount);
    }

    [Fact]
    public async Task An_assertion_naming_a_registered_credential_but_signed_by_another_key_is_refused()
    {
        await using var scene = await RegisteredAsync();
        var (server, account, key) = scene;
        using var forger = Authenticator(server);

        var result = await CheckAsync(server, account.Id, options => forger.Assert(options, credentialId: key.CredentialId));

        Assert.Equal(SecondFactorError.WrongCode, result.Error);
        Assert.Equal(0, (await StoredKeyAsync(server, key)).SignCount);
        Assert.Equal(1, await FailuresAsync(server, account.Id));
    }

    [Fact]
    public async Task A_credential_of_another_account_does_not_prove_this_account()
    {
        await using var scene = await RegisteredAsync();
        var (server, account, key) = scene;
        var other = await server.CreateAccountAsync("mallory@example.com", Password);
        using var othersKey = Authenticator(server);
        Assert.True((await RegisterAsync(server, other.Id, othersKey)).Succeeded);

        var result = await CheckAsync(server, account.Id, options => othersKey.Assert(options));

        Assert.Equal(SecondFactorError.WrongCode, result.Error);
        Assert.Equal("This security key belongs to another account.", result.Message);
        Assert.Equal(0, (await StoredKeyAsync(server, othersKey)).SignCount);
        Assert.Equal(1, await FailuresAsync(server, account.Id));
    }

    [Fact]
    public async Task A_passkey_sign_in_without_user_verification_is_refused()
    {
        await using var scene = await RegisteredAsync(passkey: true);
        var (server, account, passkey) = scene;

        var (signedIn, result) = await PasskeySignInAsync(server, options => passkey.Assert(options, userVerified: false));

        Assert.Null(signedIn);
        Assert.Equal(SecondFactorError.WrongCode, result.Error);
        Assert.Equal(1, await FailuresAsync(server, account.Id, Factors.Passkey));
        Assert.Equal(0, await FailuresAsync(server, account.Id));
    }

    [Fact]
    public async Task A_passkey_sign_in_without_a_user_handle_is_refused()
    {
        // WebAuthn L2 §7.2 step 6: when the user was not identified before the ceremony, response.userHandle must be
        // present and name the credential's owner.
        await using var scene = await RegisteredAsync(passkey: true);
        var (server, _, passkey) = scene;

        var (signedIn, result) = await PasskeySignInAsync(server, options => passkey.Assert(options, withUserHandle: false));

        Assert.Null(signedIn);
        Assert.Equal(SecondFactorError.WrongCode, result.Error);
        Assert.Equal(0, (await StoredKeyAsync(server, passkey)).SignCount);
    }

    [Fact]
    public async Task A_passkey_with_user_verification_signs_in_as_multi_factor()
    {
        await using var scene = await RegisteredAsync(passkey: true);
        var (server, account, passkey) = scene;

        var (signedIn, result) = await PasskeySignInAsync(server, options => passkey.Assert(options));

        Assert.True(result.Succeeded, result.Message);
        Assert.Equal(account.Id, signedIn?.Id);
        Assert.Equal(["swk", "user", "pin", "mfa"], result.Methods);
    }

    [Fact]
    public async Task A_device_bound_key_used_as_a_passkey_reports_hwk()
    {
        await using var scene = await RegisteredAsync();
        var (server, account, key) = scene;

        var (signedIn, result) = await PasskeySignInAsync(server, options => key.Assert(options));

        Assert.Equal(account.Id, signedIn?.Id);
        Assert.Equal(["hwk", "user", "pin", "mfa"], result.Methods);
    }

    [Fact]
    public async Task A_key_without_user_verification_proves_the_second_factor_without_pin_where_verification_is_only_preferred()
    {
        await using var scene = await RegisteredAsync();
        var (server, account, key) = scene;

        var result = await CheckAsync(server, account.Id, options => key.Assert(options, userVerified: false));

        Assert.True(result.Succeeded, result.Message);
        Assert.Equal(["hwk", "user"], result.Methods);
    }

    [Fact]
    public async Task Where_user_verification_is_required_a_second_factor_assertion_without_it_is_refused()
    {
        await using var scene = await RegisteredAsync(new Dictionary<string, string> { ["SecondFactors:WebAuthn:UserVerification"] = "Required" });
        var (server, account, key) = scene;

        var result = await CheckAsync(server, account.Id, options => key.Assert(options, userVerified: false));

        Assert.Equal(SecondFactorError.WrongCode, result.Error);
        Assert.Equal(0, (await StoredKeyAsync(server, key)).SignCount);
    }

    [Fact]
    public async Task A_second_factor_challenge_cannot_be_spent_on_a_passkey_sign_in()
    {
        await using var scene = await RegisteredAsync();
        var (server, account, key) = scene;
        var start = await BeginCheckAsync(server, account.Id);

        var (signedIn, result) = await server.WithServiceAsync(services => services.GetRequiredService<SecondFactorService>()
            .SignInWithPasskeyAsync(start.ChallengeId, key.Assert(start.OptionsJson), SecurityEventContext.None, CancellationToken.None));

        Assert.Null(signedIn);
        Assert.Equal(SecondFactorError.EnrollmentExpired, result.Error);
        Assert.Equal(0, (await StoredKeyAsync(server, key)).SignCount);
    }

    [Fact]
    public async Task A_passkey_of_a_disabled_account_does_not_sign_in()
    {
        await using var scene = await RegisteredAsync();
        var (server, account, key) = scene;
        var disabled = await server.WithServiceAsync(services => services.GetRequiredService<AccountService>().DisableAsync(account.Email, "test", CancellationToken.None));
        Assert.True(disabled.Succeeded, disabled.Message);

        var (signedIn, result) = await PasskeySignInAsync(server, options => key.Assert(options));

        Assert.Null(signedIn);
        Assert.Equal(SecondFactorError.WrongCode, result.Error);
    }

    [Fact]
    public async Task A_credential_id_can_be_registered_only_once_across_the_system()
    {
        await using var scene = await RegisteredAsync();
        var (server, account, key) = scene;
        var other = await server.CreateAccountAsync("mallory@example.com", Password);

        var again = await RegisterAsync(server, other.Id, key);

        Assert.False(again.Succeeded);
        Assert.Empty(await KeysAsync(server, other.Id));
        Assert.Equal(account.Id, (await StoredKeyAsync(server, key)).AccountId);
    }

    [Fact]
    public async Task Ten_refused_assertions_lock_the_account_security_key_counter()
    {
        await using var scene = await RegisteredAsync(NoDelays);
        var (server, account, key) = scene;

        for (var k = 0; k < 10; k++)
        {
            var refused = await CheckAsync(server, account.Id, options => key.Assert(options, origin: "https://connexidp.evil.example"));
            Assert.Equal(SecondFactorError.WrongCode, refused.Error);
        }

        Assert.Equal(10, await FailuresAsync(server, account.Id));
        var locked = await CheckAsync(server, account.Id, options => key.Assert(options));
        Assert.Equal(SecondFactorError.Throttled, locked.Error);
        Assert.Contains("factor=webauthn", Assert.Single(await EventsAsync(server, SecurityEventTypes.AccountLocked)).Details, StringComparison.Ordinal);

        // Passkey sign-ins are counted apart: failures of the key as a second factor (which need the password) do not
        // lock it, and a stranger who names the credential on the passkey page cannot lock the second factor either.
        var (signedIn, _) = await PasskeySignInAsync(server, options => key.Assert(options));
        Assert.Equal(account.Id, signedIn?.Id);
    }

    [Fact]
    public async Task A_key_is_renamed_and_removed_but_never_as_an_administrators_last_factor()
    {
        await using var scene = await RegisteredAsync();
        var (server, account, key) = scene;
        var stored = await StoredKeyAsync(server, key);

        var renamed = await server.WithServiceAsync(async services => await services.GetRequiredService<SecondFactorService>()
            .RenameSecurityKeyAsync((await services.GetRequiredService<AccountService>().FindByIdAsync(account.Id, CancellationToken.None))!, stored.Id, "  Blue YubiKey ", CancellationToken.None));
        var unnamed = await server.WithServiceAsync(async services => await services.GetRequiredService<SecondFactorService>()
            .RenameSecurityKeyAsync((await services.GetRequiredService<AccountService>().FindByIdAsync(account.Id, CancellationToken.None))!, stored.Id, "   ", CancellationToken.None));
        Assert.True(renamed.Succeeded, renamed.Message);
        Assert.Equal(SecondFactorError.Invalid, unnamed.Error);
        Assert.Equal("Blue YubiKey", (await StoredKeyAsync(server, key)).Name);

        await server.WithServiceAsync(services => services.GetRequiredService<ConnexDbContext>().Accounts
            .Where(a => a.Id == account.Id).ExecuteUpdateAsync(a => a.SetProperty(x => x.IsAdmin, true)));
        var kept = await RemoveAsync(server, account.Id, stored.Id);
        Assert.Equal(SecondFactorError.LastRequiredFactor, kept.Error);

        await server.WithServiceAsync(services => services.GetRequiredService<ConnexDbContext>().Accounts
            .Where(a => a.Id == account.Id).ExecuteUpdateAsync(a => a.SetProperty(x => x.IsAdmin, false)));
        var removed = await RemoveAsync(server, account.Id, stored.Id);
        Assert.True(removed.Succeeded, removed.Message);
        Assert.Empty(await KeysAsync(server, account.Id));
        Assert.Contains("factor=webauthn", Assert.Single(await EventsAsync(server, SecurityEventTypes.SecondFactorRemoved)).Details, StringComparison.Ordinal);
    }

    private static Task<SecondFactorResult> RemoveAsync(ConnexServer server, string accountId, string keyId) =>
        server.WithServiceAsync(async services => await services.GetRequiredService<SecondFactorService>().RemoveSecurityKeyAsync(
            (await services.GetRequiredService<AccountService>().FindByIdAsync(accountId, CancellationToken.None))!, keyId, "test", SecurityEventContext.None, CancellationToken.None));

    [Fact]
    public async Task With_trusted_attestation_required_a_none_attestation_is_refused()
    {
        using var vendor = new TestAttestationCa("Trusted Keys");
        var roots = vendor.WriteRootFolder(Path.GetTempPath());
        try
        {
            await using var server = await StartAsync(TrustedAttestation(roots));
            var account = await server.CreateAccountAsync("ada@example.com", Password);
            using var key = Authenticator(server);

            var result = await RegisterAsync(server, account.Id, key);

            Assert.Equal(SecondFactorError.Invalid, result.Error);
            Assert.Empty(await KeysAsync(server, account.Id));
        }
        finally
        {
            Directory.Delete(roots, recursive: true);
        }
    }

    [Fact]
    public async Task With_trusted_attestation_required_a_packed_attestation_from_the_configured_root_is_accepted_and_another_root_is_not()
    {
        using var vendor = new TestAttestationCa("Trusted Keys");
        using var stranger = new TestAttestationCa("Other Keys");
        var roots = vendor.WriteRootFolder(Path.GetTempPath());
        try
        {
            await using var server = await StartAsync(TrustedAttestation(roots));
            var account = await server.CreateAccountAsync("ada@example.com", Password);
            using var trustedCertificate = vendor.IssueAttestationCertificate();
            using var otherCertificate = stranger.IssueAttestationCertificate();
            using var trusted = new SoftwareAuthenticator(Origin(server), attestation: trustedCertificate);
            using var untrusted = new SoftwareAuthenticator(Origin(server), attestation: otherCertificate);

            var accepted = await RegisterAsync(server, account.Id, trusted);
            var refused = await RegisterAsync(server, account.Id, untrusted);

            Assert.True(accepted.Succeeded, accepted.Message);
            Assert.Equal(SecondFactorError.Invalid, refused.Error);
            Assert.Equal("packed", Assert.Single(await KeysAsync(server, account.Id)).AttestationFormat);
        }
        finally
        {
            Directory.Delete(roots, recursive: true);
        }
    }

    [Fact]
    public async Task A_packed_attestation_with_an_unreadable_certificate_is_refused_not_thrown()
    {
        using var vendor = new TestAttestationCa("Trusted Keys");
        await using var server = await StartAsync();
        var account = await server.CreateAccountAsync("ada@example.com", Password);
        using var certificate = vendor.IssueAttestationCertificate();
        using var key = new SoftwareAuthenticator(Origin(server), attestation: certificate);

        var result = await RegisterAsync(server, account.Id, key, options => key.Register(options, x5c: [0x30, 0x03, 0x02, 0x01, 0x01]));

        Assert.False(result.Succeeded);
        Assert.Empty(await KeysAsync(server, account.Id));
    }

    [Fact]
    public async Task Passkey_sign_in_posts_with_garbage_or_missing_fields_get_a_json_4xx_never_a_500()
    {
        await using var scene = await RegisteredAsync(NoDelays);
        var (server, _, key) = scene;
        using var browser = new TestBrowser();
        var antiforgery = await AntiforgeryFieldAsync(browser, server);
        var rawId = System.Buffers.Text.Base64Url.EncodeToString(key.CredentialId);
        string[] credentials =
        [
            "not json",
            "{}",
            "[]",
            "{\"rawId\":5}",
            "{\"id\":\"x\",\"rawId\":\"!!!\",\"type\":\"public-key\"}",
            "{\"id\":\"x\",\"rawId\":\"AAAA\",\"type\":\"no-such-type\",\"response\":{}}",
            $"{{\"id\":\"{rawId}\",\"rawId\":\"{rawId}\",\"type\":\"public-key\",\"clientExtensionResults\":{{}}}}",
            $"{{\"id\":\"{rawId}\",\"rawId\":\"{rawId}\",\"type\":\"public-key\",\"response\":{{\"authenticatorData\":\"AAAA\",\"signature\":\"AAAA\",\"clientDataJSON\":\"AAAA\"}},\"clientExtensionResults\":{{}}}}",
            $"{{\"id\":\"{rawId}\",\"rawId\":\"{rawId}\",\"type\":\"public-key\",\"response\":{{\"authenticatorData\":\"\",\"signature\":\"\",\"clientDataJSON\":\"bm90IGpzb24\"}},\"clientExtensionResults\":{{}}}}",
        ];

        using var missing = await browser.PostFormAsync(new Uri(server.BaseAddress, WebAuthnController.PasskeyPath), [antiforgery]);
        await AssertJsonClientErrorAsync(missing, "no fields");
        foreach (var credential in credentials)
        {
            await AssertJsonClientErrorAsync(await PostPasskeyAsync(browser, server, antiforgery, _ => credential), credential);
            using var expired = await browser.PostFormAsync(new Uri(server.BaseAddress, WebAuthnController.PasskeyPath),
                [antiforgery, new("challengeId", "not-a-challenge"), new("credential", credential)]);
            await AssertJsonClientErrorAsync(expired, "unknown challenge with " + credential);
        }
    }

    [Fact]
    public async Task A_source_that_starts_too_many_passkey_sign_ins_is_answered_429_before_anything_is_stored()
    {
        await using var server = await ConnexServer.StartAsync(settings: new Dictionary<string, string> { ["SecondFactors:WebAuthn:PasskeyAttemptsPerMinute"] = "3" });
        using var browser = new TestBrowser();
        var antiforgery = await AntiforgeryFieldAsync(browser, server);
        var options = new Uri(server.BaseAddress, WebAuthnController.PasskeyOptionsPath);

        for (var k = 0; k < 3; k++)
        {
            using var allowed = await browser.PostFormAsync(options, [antiforgery]);
            Assert.Equal(HttpStatusCode.OK, browser.LastStatus);
        }

        using var refused = await browser.PostFormAsync(options, [antiforgery]);
        Assert.Equal(HttpStatusCode.TooManyRequests, browser.LastStatus);
        Assert.Equal(TimeSpan.FromSeconds(60), refused.Headers.RetryAfter?.Delta);
        Assert.Contains("Too many passkey attempts", browser.LastBody, StringComparison.Ordinal);
        Assert.Equal(3, await server.WithServiceAsync(services => services.GetRequiredService<ConnexDbContext>().WebAuthnChallenges.CountAsync()));
    }

    [Theory]
    [InlineData("AAAA")]
    [InlineData("MAMCAQE")] // SEQUENCE { INTEGER 1 }: one integer where two are due
    [InlineData("MAQCAAIA")] // SEQUENCE { INTEGER (empty), INTEGER (empty) }
    [InlineData("MAYCAQACAQE")] // SEQUENCE { INTEGER 0, INTEGER 1 }: a one-byte r that is a zero pad
    [InlineData("MC4CKBERERERERERERERERERERERERERERERERERERERERERERERERERERECAgEB")] // a 40-byte r, longer than P-256's 32
    public async Task A_passkey_answer_with_a_malformed_signature_gets_a_json_4xx_never_a_500(string signature)
    {
        await using var scene = await RegisteredAsync(NoDelays);
        var (server, _, key) = scene;
        using var browser = new TestBrowser();
        var antiforgery = await AntiforgeryFieldAsync(browser, server);

        using var answer = await PostPasskeyAsync(browser, server, antiforgery, options =>
        {
            var credential = System.Text.Json.Nodes.JsonNode.Parse(key.Assert(options))!;
            credential["response"]!["signature"] = signature;
            return credential.ToJsonString();
        });

        await AssertJsonClientErrorAsync(answer, signature);
        Assert.Equal(HttpStatusCode.Unauthorized, answer.StatusCode);
    }

    private static async Task<KeyValuePair<string, string>> AntiforgeryFieldAsync(TestBrowser browser, ConnexServer server)
    {
        await browser.GetAsync(new Uri(server.BaseAddress, "/account/signin"));
        return browser.ReadForm().Fields.Single(f => f.Key == "__af");
    }

    // The sign-in page's script: options with a fresh challenge, then the answer made from them.
    private static async Task<HttpResponseMessage> PostPasskeyAsync(
        TestBrowser browser, ConnexServer server, KeyValuePair<string, string> antiforgery, Func<string, string> credential)
    {
        using var started = await browser.PostFormAsync(new Uri(server.BaseAddress, WebAuthnController.PasskeyOptionsPath), [antiforgery]);
        Assert.Equal(HttpStatusCode.OK, started.StatusCode);
        var body = JsonDocument.Parse(browser.LastBody!).RootElement;
        return await browser.PostFormAsync(new Uri(server.BaseAddress, WebAuthnController.PasskeyPath),
        [
            antiforgery,
            new("challengeId", body.GetProperty("challengeId").GetString()!),
            new("credential", credential(body.GetProperty("options").GetRawText())),
        ]);
    }

    private static async Task AssertJsonClientErrorAsync(HttpResponseMessage response, string what)
    {
        Assert.True((int)response.StatusCode is >= 400 and < 500, $"{what}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.True(JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.TryGetProperty("error", out _), what);
    }

    private static Dictionary<string, string> TrustedAttestation(string roots) => new()
    {
        ["SecondFactors:WebAuthn:RequireTrustedAttestation"] = "true",
        ["SecondFactors:WebAuthn:TrustedRootsPath"] = roots,
    };

    // On whole seconds, so times read back from the database compare equal.
    private static Task<ConnexServer> StartAsync(IReadOnlyDictionary<string, string>? settings = null) =>
        ConnexServer.StartAsync(clock: new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(TimeProvider.System.GetUtcNow().ToUnixTimeSeconds())), settings: settings);

    // Failures refused only by the lockout: no backoff delays, and one loopback source may guess throughout.
    private static readonly Dictionary<string, string> NoDelays = new()
    {
        ["SignInDefence:BaseDelay"] = "00:00:00",
        ["SignInDefence:Rules:RepeatedGuessing:Enabled"] = "false",

        // The posts of one test come from one loopback address; the per-source passkey limit is tested on its own.
        ["SecondFactors:WebAuthn:PasskeyAttemptsPerMinute"] = "1000",
    };

    // A server with one account that has registered one device-bound key, or a synced passkey (counter 0).
    private static async Task<Scene> RegisteredAsync(IReadOnlyDictionary<string, string>? settings = null, bool passkey = false)
    {
        var server = await StartAsync(settings);
        var key = new SoftwareAuthenticator(Origin(server), backupEligible: passkey);
        try
        {
            var account = await server.CreateAccountAsync("ada@example.com", Password);
            var registered = await RegisterAsync(server, account.Id, key);
            Assert.True(registered.Succeeded, registered.Message);
            return new Scene(server, account, key);
        }
        catch
        {
            key.Dispose();
            await server.DisposeAsync();
            throw;
        }
    }

    private static string Origin(ConnexServer server) => server.BaseAddress.GetLeftPart(UriPartial.Authority);

    private static SoftwareAuthenticator Authenticator(ConnexServer server) => new(Origin(server));

    private static Task<T> WithAccountAsync<T>(ConnexServer server, string accountId, Func<SecondFactorService, Account, Task<T>> action) =>
        server.WithServiceAsync(async services =>
        {
            var account = await services.GetRequiredService<ConnexDbContext>().Accounts.SingleAsync(a => a.Id == accountId);
            return await action(services.GetRequiredService<SecondFactorService>(), account);
        });

    // Two requests, as from the account page: the options, then the browser's answer to them.
    private static async Task<SecondFactorResult> RegisterAsync(ConnexServer server, string accountId, SoftwareAuthenticator key, Func<string, string>? answer = null)
    {
        var start = await WithAccountAsync(server, accountId, async (service, account) => (await service.BeginSecurityKeyAsync(account, "Blue YubiKey", CancellationToken.None)).Start!);
        return await CompleteRegistrationAsync(server, accountId, start.ChallengeId, (answer ?? (options => key.Register(options)))(start.OptionsJson));
    }

    private static Task<SecondFactorResult> CompleteRegistrationAsync(ConnexServer server, string accountId, string challengeId, string credential) =>
        WithAccountAsync(server, accountId, (service, account) => service.CompleteSecurityKeyAsync(account, challengeId, credential, SecurityEventContext.None, CancellationToken.None));

    private static Task<WebAuthnStart> BeginCheckAsync(ConnexServer server, string accountId) =>
        WithAccountAsync(server, accountId, (service, account) => service.BeginSecurityKeyCheckAsync(account, CancellationToken.None));

    private static Task<SecondFactorResult> VerifyAsync(ConnexServer server, string accountId, string challengeId, string credential) =>
        WithAccountAsync(server, accountId, (service, account) => service.VerifySecurityKeyAsync(account, challengeId, credential, SecurityEventContext.None, CancellationToken.None));

    private static async Task<SecondFactorResult> CheckAsync(ConnexServer server, string accountId, Func<string, string> answer)
    {
        var start = await BeginCheckAsync(server, accountId);
        return await VerifyAsync(server, accountId, start.ChallengeId, answer(start.OptionsJson));
    }

    private static async Task<(Account? Account, SecondFactorResult Result)> PasskeySignInAsync(ConnexServer server, Func<string, string> answer)
    {
        var start = await server.WithServiceAsync(services => services.GetRequiredService<SecondFactorService>().BeginPasskeySignInAsync(CancellationToken.None));
        var credential = answer(start.OptionsJson);
        return await server.WithServiceAsync(services =>
            services.GetRequiredService<SecondFactorService>().SignInWithPasskeyAsync(start.ChallengeId, credential, SecurityEventContext.None, CancellationToken.None));
    }

    private static Task<List<SecurityKey>> KeysAsync(ConnexServer server, string accountId) =>
        server.WithServiceAsync(services => services.GetRequiredService<ConnexDbContext>().SecurityKeys.AsNoTracking().Where(k => k.AccountId == accountId).ToListAsync());

    private static Task<SecurityKey> StoredKeyAsync(ConnexServer server, SoftwareAuthenticator key) =>
        server.WithServiceAsync(services => services.GetRequiredService<ConnexDbContext>().SecurityKeys.AsNoTracking().SingleAsync(k => k.CredentialId == key.CredentialId));

    private static Task<List<SecurityEvent>> EventsAsync(ConnexServer server, string type) =>
        server.WithServiceAsync(services => services.GetRequiredService<ConnexDbContext>().SecurityEvents.AsNoTracking().Where(e => e.Type == type).ToListAsync());

    // Consecutive failures on one of the account's key counters: webauthn|account|<id> (second factor) or passkey|account|<id>.
    private static Task<int> FailuresAsync(ConnexServer server, string accountId, string factor = Factors.SecurityKey) =>
        server.WithServiceAsync(async services =>
        {
            var key = CounterKey.ForAccount(factor, accountId);
            return await services.GetRequiredService<ConnexDbContext>().FailureCounters.AsNoTracking().Where(c => c.Key == key).Select(c => c.Failures).SingleOrDefaultAsync();
        });

    private sealed record Scene(ConnexServer Server, Account Account, SoftwareAuthenticator Key) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            Key.Dispose();
            await Server.DisposeAsync();
        }
    }
}
