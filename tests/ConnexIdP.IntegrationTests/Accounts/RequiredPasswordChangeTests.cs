using System.Net;
using ConnexIdP.Core.Accounts;
using ConnexIdP.Core.Passwords;
using ConnexIdP.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace ConnexIdP.IntegrationTests.Accounts;

/// <summary>
/// An administrator's generated password, and a password the known-password list learnt about after it was set, must be
/// replaced before any client receives a token; the sign-in then carries on where it was going.
/// </summary>
public sealed class RequiredPasswordChangeTests
{
    private const string Chosen = "my very own passphrase at last";

    [Fact]
    public async Task A_generated_password_is_replaced_at_the_first_sign_in_and_the_client_then_gets_its_code()
    {
        await using var scenario = await CodeFlowScenario.StartAsync();
        var (reset, generated) = await scenario.Server.WithServiceAsync(services =>
            services.GetRequiredService<AccountCredentialService>().SetGeneratedPasswordAsync(CodeFlowScenario.Email, "test", CancellationToken.None));
        Assert.True(reset.Succeeded, reset.Message);
        var request = scenario.NewRequest();

        await scenario.Browser.GetAsync(request.ToUri(scenario.Server.BaseAddress));
        await new SignInPage(scenario.Browser).WithPasswordAsync(CodeFlowScenario.Email, generated!);

        var pages = new AccountPages(scenario.Browser, scenario.Server.BaseAddress);
        Assert.Equal("/account/password", scenario.Browser.CurrentUrl!.AbsolutePath);
        Assert.Contains("administrator", pages.Text("password-reason"), StringComparison.Ordinal);
        Assert.Null(scenario.Response());

        await pages.SubmitShownAsync(("CurrentPassword", generated!), ("NewPassword", Chosen));

        var code = scenario.Response()?.Code;
        Assert.NotNull(code);
        var tokens = await scenario.Client.RedeemCodeAsync(code, request.RedirectUri, request.Pkce?.Verifier);
        Assert.Equal(HttpStatusCode.OK, tokens.Status);
        Assert.Null((await PasswordChangeTests.StoredAccountAsync(scenario.Server, CodeFlowScenario.Email))!.PasswordChangeRequired);
    }

    [Fact]
    public async Task While_a_password_change_is_required_prompt_none_gets_interaction_required()
    {
        await using var scenario = await CodeFlowScenario.StartAsync();
        await scenario.SignInAsync();

        // The reset ends the session: sign in again with the generated password, then ask silently.
        var (_, generated) = await scenario.Server.WithServiceAsync(services =>
            services.GetRequiredService<AccountCredentialService>().SetGeneratedPasswordAsync(CodeFlowScenario.Email, "test", CancellationToken.None));
        await PasswordChangeTests.SignInAsync(scenario.Browser, scenario.Server, CodeFlowScenario.Email, generated!);
        var silent = scenario.NewRequest() with { Prompt = "none" };

        var response = await scenario.AuthorizeAsync(silent, signIn: false);

        Assert.Equal("interaction_required", response?.Error);
    }

    [Fact]
    public async Task A_password_the_list_learns_about_later_must_be_replaced_at_the_next_sign_in()
    {
        await using var scenario = await CodeFlowScenario.StartAsync();
        var list = Path.Combine(scenario.Server.DataDirectory, "known-passwords.bin");
        await BlocklistCompiler.CompileAsync(new StringReader(CodeFlowScenario.Password + "\n"), list, CancellationToken.None);
        await scenario.Server.RestartAsync(new Dictionary<string, string?> { ["Passwords:Blocklist:Path"] = list });

        await PasswordChangeTests.SignInAsync(scenario.Browser, scenario.Server, CodeFlowScenario.Email, CodeFlowScenario.Password);

        var pages = new AccountPages(scenario.Browser, scenario.Server.BaseAddress);
        Assert.Equal("/account/password", scenario.Browser.CurrentUrl!.AbsolutePath);
        Assert.Contains("breach list, choose another", pages.Text("password-reason"), StringComparison.Ordinal);
        Assert.Equal(PasswordChangeReason.Breached, (await PasswordChangeTests.StoredAccountAsync(scenario.Server, CodeFlowScenario.Email))!.PasswordChangeRequired);

        await pages.SubmitShownAsync(("CurrentPassword", CodeFlowScenario.Password), ("NewPassword", Chosen));
        Assert.Equal("/account", scenario.Browser.CurrentUrl!.AbsolutePath);
        Assert.Equal(HttpStatusCode.OK, (await scenario.SignInAsync()).Status);
    }
}
