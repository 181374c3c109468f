using System.Net;
using ConnexIdP.Core.Accounts;
using ConnexIdP.Core.Clients;
using ConnexIdP.Core.SecondFactors;
using ConnexIdP.IntegrationTests.Accounts;
using ConnexIdP.Server.Hosting;
using ConnexIdP.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace ConnexIdP.IntegrationTests.SecondFactors;

/// <summary>
/// Who must give a second factor: an account that has one, an administrator, an account marked so, a client that
/// requires it, a request that asks for it by <c>acr_values</c>. A relying party gets MFA or an error, never less.
/// </summary>
public sealed class SecondFactorPolicyTests
{
    private const string Admin = "grace@example.com";

    [Fact]
    public async Task An_acr_request_for_mfa_takes_an_account_without_a_factor_to_enrollment_and_then_gets_mfa()
    {
        await using var scene = await SecondFactorScene.StartAsync(enroll: false);
        var request = scene.Scenario.NewRequest() with { AcrValues = AuthenticationLevels.MultiFactor };

        Assert.Null(await scene.Scenario.AuthorizeAsync(request));
        Assert.True(scene.Pages.AsksToEnroll, scene.Browser.CurrentUrl?.ToString());
        await scene.Pages.EnrollAsync(scene.Clock.GetUtcNow());
        await scene.Pages.ContinueAsync();

        var idToken = await scene.IdTokenAsync(request);
        Assert.Contains(idToken.Claims, c => c.Type == "amr" && c.Value == "mfa");
        Assert.Equal(AuthenticationLevels.MultiFactor, idToken.Claims.Single(c => c.Type == "acr").Value);
    }

    [Fact]
    public async Task Discovery_names_the_acr_values_a_client_can_ask_for()
    {
        await using var server = await ConnexServer.StartAsync();
        using var http = server.CreateClient();

        using var discovery = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync(".well-known/openid-configuration"));

        Assert.Equal(AuthenticationLevels.Supported, discovery.RootElement.GetProperty("acr_values_supported").EnumerateArray().Select(v => v.GetString()));
    }

    [Fact]
    public async Task Declining_the_enrollment_an_acr_request_needs_returns_unmet_authentication_requirements()
    {
        await using var scene = await SecondFactorScene.StartAsync(enroll: false);
        Assert.Null(await scene.Scenario.AuthorizeAsync(scene.Scenario.NewRequest() with { AcrValues = AuthenticationLevels.PapeMultiFactor }));

        var decline = System.Text.RegularExpressions.Regex.Match(scene.Browser.LastBody!, "id=\"decline\" href=\"(?<h>[^\"]+)\"").Groups["h"].Value;
        await scene.Browser.GetAsync(new Uri(scene.Scenario.Server.BaseAddress, WebUtility.HtmlDecode(decline)));

        Assert.Equal("unmet_authentication_requirements", scene.Scenario.Response()?.Error);
    }

    [Fact]
    public async Task Prompt_none_with_a_password_only_session_and_an_mfa_request_gets_interaction_required()
    {
        await using var scene = await SecondFactorScene.StartAsync(enroll: false);
        await scene.Scenario.SignInAsync();

        var response = await scene.Scenario.AuthorizeAsync(scene.Scenario.NewRequest() with { Prompt = "none", AcrValues = AuthenticationLevels.MultiFactor }, signIn: false);

        Assert.Equal("interaction_required", response?.Error);
    }

    [Fact]
    public async Task A_session_from_before_the_account_had_a_factor_is_stepped_up_with_the_code_not_a_new_password()
    {
        await using var scene = await SecondFactorScene.StartAsync(enroll: false);
        await scene.Scenario.SignInAsync();

        // An administrator hands the person a replacement authenticator while this browser's session lives on.
        var added = await scene.Scenario.Server.WithServiceAsync(async services =>
        {
            var account = await services.GetRequiredService<AccountService>().FindByEmailAsync(CodeFlowScenario.Email, CancellationToken.None);
            return await services.GetRequiredService<SecondFactorService>().AddAuthenticatorForAccountAsync(account!, "Replacement", "test", CancellationToken.None);
        });
        var app = new TestAuthenticator(added.Enrollment!.Secret);
        var request = scene.Scenario.NewRequest();

        Assert.Null(await scene.Scenario.AuthorizeAsync(request, signIn: false));
        Assert.True(scene.Pages.AsksForCode, scene.Browser.CurrentUrl?.ToString());
        await scene.Pages.EnterCodeAsync(app.CodeAt(scene.Clock.GetUtcNow()));

        var idToken = await scene.IdTokenAsync(request);
        Assert.Contains(idToken.Claims, c => c.Type == "amr" && c.Value == "mfa");
    }

    [Fact]
    public async Task A_client_that_requires_a_second_factor_gets_it_even_for_an_account_without_one()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(TimeProvider.System.GetUtcNow());
        await using var scenario = await CodeFlowScenario.StartAsync(clock: clock, customize: r => r with { RequireSecondFactor = true });
        var request = scenario.NewRequest();

        Assert.Null(await scenario.AuthorizeAsync(request));
        var pages = new SecondFactorPages(scenario.Browser, scenario.Server.BaseAddress);
        Assert.True(pages.AsksToEnroll, scenario.Browser.CurrentUrl?.ToString());
        await pages.EnrollAsync(clock.GetUtcNow());
        await pages.ContinueAsync();

        Assert.NotNull(scenario.Response()?.Code);
    }

    [Fact]
    public async Task An_administrator_without_a_factor_can_do_nothing_before_enrolling_one()
    {
        await using var scene = await SecondFactorScene.StartAsync(enroll: false);
        await scene.Scenario.Server.CreateAccountAsync(Admin, CodeFlowScenario.Password, "Grace Hopper", admin: true);
        var request = scene.Scenario.NewRequest();
        await scene.Browser.GetAsync(request.ToUri(scene.Scenario.Server.BaseAddress));
        await new SignInPage(scene.Browser).WithPasswordAsync(Admin, CodeFlowScenario.Password);
        Assert.True(scene.Pages.AsksToEnroll, scene.Browser.CurrentUrl?.ToString());
        Assert.Contains("must use a second factor", new AccountPages(scene.Browser, scene.Scenario.Server.BaseAddress).Text("enrollment-required"), StringComparison.Ordinal);

        // Only the enrollment page is open: the account pages and the client still want a full sign-in.
        await scene.Browser.GetAsync(new Uri(scene.Scenario.Server.BaseAddress, "/account"));
        Assert.Equal("/account/signin", scene.Browser.CurrentUrl!.AbsolutePath);
        await scene.Browser.GetAsync(request.ToUri(scene.Scenario.Server.BaseAddress));
        Assert.Null(scene.Scenario.Response());

        await scene.Browser.GetAsync(new Uri(scene.Scenario.Server.BaseAddress, SecondFactorPages.EnrollPath));
        var (_, codes) = await scene.Pages.EnrollAsync(scene.Clock.GetUtcNow());
        Assert.Equal(10, codes.Count);
        await scene.Browser.GetAsync(request.ToUri(scene.Scenario.Server.BaseAddress));
        Assert.NotNull(scene.Scenario.Response()?.Code);
    }

    [Fact]
    public async Task An_account_an_operator_marked_must_enroll_at_its_next_sign_in()
    {
        await using var scene = await SecondFactorScene.StartAsync(enroll: false);
        await scene.Scenario.Server.WithServiceAsync(async services =>
        {
            var account = await services.GetRequiredService<AccountService>().FindByEmailAsync(CodeFlowScenario.Email, CancellationToken.None);
            await services.GetRequiredService<SecondFactorService>().SetRequiredAsync(account!, true, "test", CancellationToken.None);
            return 0;
        });

        Assert.Null(await scene.Scenario.AuthorizeAsync(scene.Scenario.NewRequest()));

        Assert.True(scene.Pages.AsksToEnroll, scene.Browser.CurrentUrl?.ToString());
        Assert.NotNull(new AccountPages(scene.Browser, scene.Scenario.Server.BaseAddress).Text("enrollment-required"));
    }

    [Fact]
    public async Task Max_age_runs_the_password_and_the_code_again_once_the_sign_in_is_older()
    {
        await using var scene = await SecondFactorScene.StartAsync();
        await scene.PasswordAsync();
        await scene.Pages.EnterCodeAsync(scene.CurrentCode);
        Assert.NotNull(scene.Scenario.Response()?.Code);

        scene.Clock.Advance(TimeSpan.FromMinutes(2));
        var request = await scene.PasswordAsync(scene.Scenario.NewRequest() with { MaxAge = 60 });
        Assert.True(scene.Pages.AsksForCode, scene.Browser.CurrentUrl?.ToString());
        await scene.Pages.EnterCodeAsync(scene.CurrentCode);

        var idToken = await scene.IdTokenAsync(request);
        Assert.Equal(scene.Clock.GetUtcNow().ToUnixTimeSeconds(), long.Parse(idToken.Claims.Single(c => c.Type == "auth_time").Value, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task A_session_whose_password_is_not_recent_gives_it_again_before_adding_a_first_factor()
    {
        await using var scene = await SecondFactorScene.StartAsync(enroll: false);
        await PasswordChangeTests.SignInAsync(scene.Browser, scene.Scenario.Server, CodeFlowScenario.Email, CodeFlowScenario.Password);

        // Six minutes on, whoever holds the cookie is not known to be the person: a stolen session adds no factor.
        scene.Clock.Advance(TimeSpan.FromMinutes(6));
        await scene.Browser.GetAsync(new Uri(scene.Scenario.Server.BaseAddress, SecondFactorPages.EnrollPath));
        Assert.True(new SignInPage(scene.Browser).IsShown, scene.Browser.CurrentUrl?.ToString());

        await new SignInPage(scene.Browser).WithPasswordAsync(CodeFlowScenario.Email, CodeFlowScenario.Password);
        Assert.True(scene.Pages.AsksToEnroll, scene.Browser.CurrentUrl?.ToString());
        var (_, codes) = await scene.Pages.EnrollAsync(scene.Clock.GetUtcNow());
        Assert.Equal(10, codes.Count);
    }

    [Fact]
    public async Task A_code_alone_does_not_pass_for_the_fresh_sign_in_prompt_login_asks_for()
    {
        await using var scene = await SecondFactorScene.StartAsync();
        await scene.PasswordAsync();
        await scene.Pages.EnterCodeAsync(scene.CurrentCode);
        scene.Clock.Advance(TimeSpan.FromSeconds(30));

        // prompt=login sends the browser to the password page; the session's holder tries the code page instead.
        Assert.Null(await scene.Scenario.AuthorizeAsync(scene.Scenario.NewRequest() with { Prompt = "login" }, signIn: false));
        var returnUrl = System.Web.HttpUtility.ParseQueryString(scene.Browser.CurrentUrl!.Query)["returnUrl"]!;
        await scene.Browser.GetAsync(new Uri(scene.Scenario.Server.BaseAddress, AccountSessionLinks.SecondFactor(returnUrl, null)));
        await scene.Pages.EnterCodeAsync(scene.CurrentCode);

        Assert.Null(scene.Scenario.Response());
        Assert.True(new SignInPage(scene.Browser).IsShown, scene.Browser.CurrentUrl?.ToString());
    }

    [Fact]
    public async Task A_password_for_another_account_ends_the_session_before_its_second_factor()
    {
        await using var scene = await SecondFactorScene.StartAsync(enroll: false);
        await scene.Scenario.Server.CreateAccountAsync(Admin, CodeFlowScenario.Password, "Grace Hopper", admin: true);
        await scene.Scenario.SignInAsync();

        // Grace gives her password in Ada's browser and is taken to enrollment: what she adds is hers, not Ada's.
        await PasswordChangeTests.SignInAsync(scene.Browser, scene.Scenario.Server, Admin, CodeFlowScenario.Password);
        Assert.True(scene.Pages.AsksToEnroll, scene.Browser.CurrentUrl?.ToString());
        await scene.Pages.EnrollAsync(scene.Clock.GetUtcNow());

        var (ada, grace) = await scene.Scenario.Server.WithServiceAsync(async services =>
        {
            var accounts = services.GetRequiredService<AccountService>();
            var factors = services.GetRequiredService<SecondFactorService>();
            return ((await factors.StatusAsync((await accounts.FindByEmailAsync(CodeFlowScenario.Email, CancellationToken.None))!, CancellationToken.None)).FactorCount,
                (await factors.StatusAsync((await accounts.FindByEmailAsync(Admin, CancellationToken.None))!, CancellationToken.None)).FactorCount);
        });
        Assert.Equal(0, ada);
        Assert.Equal(1, grace);
    }

    [Fact]
    public async Task Removing_a_factor_needs_a_fresh_check_and_an_administrators_last_factor_cannot_go()
    {
        await using var scene = await SecondFactorScene.StartAsync();
        await scene.Scenario.Server.WithServiceAsync(async services =>
        {
            var account = await services.GetRequiredService<AccountService>().FindByEmailAsync(CodeFlowScenario.Email, CancellationToken.None);
            account!.IsAdmin = true;
            await services.GetRequiredService<Core.Data.ConnexDbContext>().SaveChangesAsync();
            return 0;
        });
        await PasswordChangeTests.SignInAsync(scene.Browser, scene.Scenario.Server, CodeFlowScenario.Email, CodeFlowScenario.Password);
        await scene.Pages.EnterCodeAsync(scene.CurrentCode);

        // Six minutes later the check is no longer fresh: removal asks for the code first.
        scene.Clock.Advance(TimeSpan.FromMinutes(6));
        await scene.Browser.GetAsync(new Uri(scene.Scenario.Server.BaseAddress, "/account/security"));
        var (remove, fields) = scene.Browser.ReadForm();
        await scene.Browser.PostFormAsync(remove, fields);
        Assert.True(scene.Pages.AsksForCode, scene.Browser.CurrentUrl?.ToString());
        await scene.Pages.EnterCodeAsync(scene.CurrentCode);
        Assert.Equal("/account/security", scene.Browser.CurrentUrl!.AbsolutePath);

        (remove, fields) = scene.Browser.ReadForm();
        await scene.Browser.PostFormAsync(remove, fields);
        Assert.Equal(HttpStatusCode.Conflict, scene.Browser.LastStatus);
        Assert.Contains("Add the replacement first", new AccountPages(scene.Browser, scene.Scenario.Server.BaseAddress).Text("security-error"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_person_removes_an_authenticator_app_after_a_fresh_check_and_the_recovery_codes_go_with_the_last_one()
    {
        await using var scene = await SecondFactorScene.StartAsync();
        await PasswordChangeTests.SignInAsync(scene.Browser, scene.Scenario.Server, CodeFlowScenario.Email, CodeFlowScenario.Password);
        await scene.Pages.EnterCodeAsync(scene.CurrentCode);

        await scene.Browser.GetAsync(new Uri(scene.Scenario.Server.BaseAddress, "/account/security"));
        var (remove, fields) = scene.Browser.ReadForm();
        await scene.Browser.PostFormAsync(remove, fields);

        Assert.Equal("/account/security", scene.Browser.CurrentUrl!.AbsolutePath);
        Assert.Contains("removed", new AccountPages(scene.Browser, scene.Scenario.Server.BaseAddress).Text("factor-changed"), StringComparison.Ordinal);
        var status = await scene.Scenario.Server.WithServiceAsync(async services =>
        {
            var account = await services.GetRequiredService<AccountService>().FindByEmailAsync(CodeFlowScenario.Email, CancellationToken.None);
            return await services.GetRequiredService<SecondFactorService>().StatusAsync(account!, CancellationToken.None);
        });
        Assert.False(status.HasFactor);
        Assert.Equal(0, status.RecoveryCodesRemaining);
    }
}
