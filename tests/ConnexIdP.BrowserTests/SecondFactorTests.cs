using ConnexIdP.Core.SecondFactors;
using ConnexIdP.Testing;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.IdentityModel.JsonWebTokens;

namespace ConnexIdP.BrowserTests;

/// <summary>
/// Authenticator apps and recovery codes in Chromium, through ConnexIdP's real pages and the sample relying party.
/// A code is accepted once per account per 30-second step, so a story that needs a second code moves the server's fake
/// clock on instead of waiting (see <see cref="BrowserStory"/>).
/// </summary>
public sealed class SecondFactorTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(30);

    /// <summary>Long enough for the backoff after one wrong code (a second) to be over.</summary>
    private static readonly TimeSpan AfterBackoff = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task A_person_adds_an_authenticator_app_from_the_account_page_then_signs_in_at_the_app_with_password_and_code()
    {
        await using var story = await BrowserStory.StartAsync(chromium, BrowserScreen.Desktop);

        var (phone, recoveryCodes) = await SignInAndAddAnAppAsync(story);
        Assert.Equal(10, recoveryCodes.Count);
        Assert.Equal(["Phone"], await story.Security.AuthenticatorAppsAsync());
        await story.SignOutAtTheAppAsync();

        // Half a minute later the app shows the next code: the one that turned it on cannot be used again.
        story.Clock.Advance(Step);
        await PasswordThenSecondFactorPageAsync(story);
        await story.SecondFactor.WithAppCodeAsync(phone.CodeAt(story.Clock.GetUtcNow()));

        Assert.Equal("Signed in as Ada Lovelace", await story.App.SignedInAsAsync());
        var methods = Methods(await story.App.IdTokenAsync());
        Assert.Contains(AuthenticationMethods.Password, methods);
        Assert.Contains(AuthenticationMethods.OneTimePassword, methods);
        Assert.Contains(AuthenticationMethods.MultipleFactors, methods);
    }

    [Fact]
    public async Task A_recovery_code_signs_a_person_in_once_and_the_security_page_then_counts_one_fewer()
    {
        await using var story = await BrowserStory.StartAsync(chromium, BrowserScreen.Desktop);
        var (_, recoveryCodes) = await SignInAndAddAnAppAsync(story);
        await story.SignOutAtTheAppAsync();

        // Phone lost: the person signs in with one of the codes saved at enrollment.
        await PasswordThenSecondFactorPageAsync(story);
        await story.SecondFactor.UseRecoveryCodeInsteadAsync();
        await story.SecondFactor.WithRecoveryCodeAsync(recoveryCodes[3]);
        await story.Security.WaitUntilShownAsync(story.Server);
        Assert.Equal("You signed in with a recovery code. 9 codes are left.", await story.Security.RecoveryCodeUsedNoticeAsync());
        Assert.Equal("9 unused codes left.", await story.Security.RecoveryCodesRemainingAsync());
        await story.Security.ContinueAsync();
        Assert.Equal("Signed in as Ada Lovelace", await story.App.SignedInAsAsync());
        Assert.Contains(AuthenticationMethods.MultipleFactors, Methods(await story.App.IdTokenAsync()));
        await story.SignOutAtTheAppAsync();

        // The same code again is refused; another saved code still works.
        Assert.Equal("8 unused codes left.", await RecoveryCodeRefusedThenAnotherAcceptedAsync(story, refused: recoveryCodes[3], accepted: recoveryCodes[4]));
    }

    [Fact]
    public async Task New_recovery_codes_from_the_security_page_replace_the_old_ones()
    {
        await using var story = await BrowserStory.StartAsync(chromium, BrowserScreen.Desktop);
        var (_, oldCodes) = await SignInAndAddAnAppAsync(story);

        // The code that turned the app on a moment ago is the fresh check a new set needs.
        var newCodes = await story.Security.RenewRecoveryCodesAsync();
        Assert.Equal(10, newCodes.Count);
        Assert.Empty(newCodes.Intersect(oldCodes));
        await story.SignOutAtTheAppAsync();

        Assert.Equal("9 unused codes left.", await RecoveryCodeRefusedThenAnotherAcceptedAsync(story, refused: oldCodes[0], accepted: newCodes[0]));
    }

    [Fact]
    public async Task Removing_the_only_app_takes_a_fresh_code_and_then_the_password_alone_signs_in_again()
    {
        await using var story = await BrowserStory.StartAsync(chromium, BrowserScreen.Desktop);
        var (phone, _) = await SignInAndAddAnAppAsync(story);

        // Six minutes on, the code that turned the app on is no longer a fresh check: removal asks for a new one first.
        story.Clock.Advance(TimeSpan.FromMinutes(6));
        await story.Security.RemoveAppAsync("Phone");
        await story.SecondFactor.WaitUntilShownAsync(story.Server);
        await story.SecondFactor.WithAppCodeAsync(phone.CodeAt(story.Clock.GetUtcNow()));
        await story.Security.WaitUntilShownAsync(story.Server);
        Assert.Equal(["Phone"], await story.Security.AuthenticatorAppsAsync());

        await story.Security.RemoveAppAsync("Phone");
        Assert.Equal("The authenticator app was removed.", await story.Security.ChangeNoticeAsync());
        Assert.True(await story.Security.SaysThereIsNoAppAsync());
        await story.SignOutAtTheAppAsync();

        await story.GivePasswordAtTheAppAsync();
        Assert.Equal("Signed in as Ada Lovelace", await story.App.SignedInAsAsync());
        Assert.Equal([AuthenticationMethods.Password], Methods(await story.App.IdTokenAsync()));
    }

    [Fact]
    public async Task An_admin_without_a_second_factor_is_taken_straight_to_enrollment_and_reaches_nothing_else_until_it_is_done()
    {
        await using var story = await BrowserStory.StartAsync(chromium, BrowserScreen.Desktop, withAdmin: true);

        await story.GivePasswordAtTheAppAsync(BrowserStory.AdminEmail, BrowserStory.AdminPassword);
        await story.Enrollment.WaitUntilShownAsync(story.Server);
        Assert.True(await story.Enrollment.SaysEnrollmentIsRequiredAsync());
        var enrollmentUrl = story.Page.Url;

        // Neither the account pages nor the authorization request that brought the admin here open before enrollment:
        // each sends the browser back to the password (or to enrollment).
        var authorization = QueryHelpers.ParseQuery(new Uri(enrollmentUrl).Query)["returnUrl"].ToString();
        Assert.StartsWith("/connect/authorize?", authorization, StringComparison.Ordinal);
        foreach (var elsewhere in new[] { "/account", "/account/security", "/account/password", "/account/email", BrowserSecondFactorPage.Path, authorization })
        {
            await story.Page.GotoAsync(new Uri(story.Server, elsewhere).ToString());
            Assert.True(
                new Uri(story.Page.Url).AbsolutePath is "/account/signin" or BrowserAuthenticatorPage.Path,
                $"{elsewhere} showed {story.Page.Url} to an admin who has not added a second factor");
        }

        await story.Page.GotoAsync(enrollmentUrl);
        await story.Enrollment.WaitUntilShownAsync(story.Server);
        await story.Enrollment.NameAppAsync("Phone");
        var phone = await story.Enrollment.AddKeyToAppAsync();
        await story.Enrollment.TurnOnAsync(phone.CodeAt(story.Clock.GetUtcNow()));
        Assert.Equal(10, (await story.Enrollment.RecoveryCodesAsync()).Count);
        await story.Enrollment.ContinueAsync();

        Assert.Equal("Signed in as Grace Hopper", await story.App.SignedInAsAsync());
        Assert.True(await story.App.IsSignedInAsync());
        Assert.Contains(AuthenticationMethods.MultipleFactors, Methods(await story.App.IdTokenAsync()));
    }

    [Fact]
    public async Task An_admin_who_declines_to_add_a_second_factor_goes_back_to_the_app_with_an_error_and_no_session()
    {
        await using var story = await BrowserStory.StartAsync(chromium, BrowserScreen.Desktop, withAdmin: true);

        await story.GivePasswordAtTheAppAsync(BrowserStory.AdminEmail, BrowserStory.AdminPassword);
        await story.Enrollment.WaitUntilShownAsync(story.Server);
        var response = await story.App.AuthorizationResponseAfterAsync(story.Enrollment.DeclineAsync);

        Assert.Equal("unmet_authentication_requirements", response.GetValueOrDefault("error"));
        Assert.False(response.ContainsKey("code"));
        Assert.False(await story.App.IsSignedInAsync());
    }

    [Theory]
    [InlineData("phone")]
    [InlineData("desktop")]
    public async Task The_enrollment_and_second_factor_pages_are_usable_on_a_phone_and_on_a_desktop(string screenName)
    {
        var screen = BrowserScreen.Named(screenName);
        await using var story = await BrowserStory.StartAsync(chromium, screen, withAdmin: true);

        await story.GivePasswordAtTheAppAsync(BrowserStory.AdminEmail, BrowserStory.AdminPassword);
        await story.Enrollment.WaitUntilShownAsync(story.Server);
        await story.Enrollment.NameAppAsync("Phone");
        Assert.True(await story.Enrollment.ShowsQrCodeAsync());

        // Kept for a person to look at; the checks are what a test can judge.
        await story.Enrollment.ScreenshotAsync(Screenshots.PathFor("enrollment", screen));
        var problems = (await story.Enrollment.UsabilityProblemsAsync()).Select(p => "enrollment: " + p).ToList();

        var phone = await story.Enrollment.AddKeyToAppAsync();
        await story.Enrollment.TurnOnAsync(phone.CodeAt(story.Clock.GetUtcNow()));
        await story.Enrollment.RecoveryCodesAsync();
        await story.Enrollment.ScreenshotAsync(Screenshots.PathFor("recovery-codes", screen));
        await story.Enrollment.ContinueAsync();
        await story.App.SignedInAsAsync();
        await story.SignOutAtTheAppAsync();

        await PasswordThenSecondFactorPageAsync(story, BrowserStory.AdminEmail, BrowserStory.AdminPassword);
        await story.SecondFactor.ScreenshotAsync(Screenshots.PathFor("second-factor", screen));
        problems.AddRange((await story.SecondFactor.UsabilityProblemsAsync()).Select(p => "second factor: " + p));

        Assert.Empty(problems);
    }

    /// <summary>
    /// The person signs in at the app with the password alone, adds an app named "Phone" from ConnexIdP's account page
    /// by typing its key, and keeps the recovery codes shown; ends on the security page.
    /// </summary>
    private static async Task<(TestAuthenticator Phone, IReadOnlyList<string> RecoveryCodes)> SignInAndAddAnAppAsync(BrowserStory story)
    {
        await story.GivePasswordAtTheAppAsync();
        Assert.Equal("Signed in as Ada Lovelace", await story.App.SignedInAsAsync());

        await story.Security.OpenFromAccountPageAsync(story.Server);
        await story.Security.AddAuthenticatorAppAsync();
        await story.Enrollment.WaitUntilShownAsync(story.Server);
        Assert.False(await story.Enrollment.SaysEnrollmentIsRequiredAsync());
        await story.Enrollment.NameAppAsync("Phone");
        var phone = await story.Enrollment.AddKeyToAppAsync();
        await story.Enrollment.TurnOnAsync(phone.CodeAt(story.Clock.GetUtcNow()));
        var recoveryCodes = await story.Enrollment.RecoveryCodesAsync();
        await story.Enrollment.ContinueAsync();
        await story.Security.WaitUntilShownAsync(story.Server);
        return (phone, recoveryCodes);
    }

    /// <summary>
    /// Signs in at the app with the password and the recovery code <paramref name="refused"/>, which must be refused, then
    /// (once the backoff after it is over) with <paramref name="accepted"/>; returns what the security page then says
    /// about the unused codes.
    /// </summary>
    private static async Task<string> RecoveryCodeRefusedThenAnotherAcceptedAsync(BrowserStory story, string refused, string accepted)
    {
        await PasswordThenSecondFactorPageAsync(story);
        await story.SecondFactor.UseRecoveryCodeInsteadAsync();
        await story.SecondFactor.WithRecoveryCodeAsync(refused);
        Assert.Equal(SecondFactorService.WrongRecoveryCodeMessage, await story.SecondFactor.ErrorAsync());
        Assert.Equal(BrowserSecondFactorPage.Path, new Uri(story.Page.Url).AbsolutePath);

        story.Clock.Advance(AfterBackoff);
        await story.SecondFactor.WithRecoveryCodeAsync(accepted);
        await story.Security.WaitUntilShownAsync(story.Server);
        return await story.Security.RecoveryCodesRemainingAsync();
    }

    private static async Task PasswordThenSecondFactorPageAsync(
        BrowserStory story, string email = RelyingPartyScenario.Email, string password = RelyingPartyScenario.Password)
    {
        await story.GivePasswordAtTheAppAsync(email, password);
        await story.SecondFactor.WaitUntilShownAsync(story.Server);
    }

    private static List<string> Methods(JsonWebToken idToken) =>
        [.. idToken.Claims.Where(c => c.Type == "amr").Select(c => c.Value)];
}
