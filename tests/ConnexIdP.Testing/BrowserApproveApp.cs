using Microsoft.Playwright;

namespace ConnexIdP.Testing;

/// <summary>
/// Page object for ConnexIdP Approve (<c>/approve</c>) on a phone: set it up from the one-time link, open it, wait for a
/// sign-in request, read what it shows, pick a number, say "I'm not signing in", and read the outcome.
/// </summary>
public sealed class BrowserApproveApp(IPage page, Uri server)
{
    public const string Path = "/approve";
    public const string AnswerPath = "/approve/api/answer";

    public IPage Page => page;

    /// <summary>Opens the link from the account page (or the app itself), and sets up the phone with the code it carries.</summary>
    public async Task SetUpAsync(string link)
    {
        await page.GotoAsync(link);
        await page.Locator("#setup-button").ClickAsync();
        await page.Locator("#waiting").Or(page.Locator("#request")).Or(page.Locator("#approve-error:not(:empty)")).First.WaitForAsync();
        var error = await ErrorAsync();
        if (error.Length > 0)
        {
            throw new InvalidOperationException($"The phone was not set up: {error}");
        }
    }

    /// <summary>Opens the app at its address; when it is locked, opens it with the phone's screen lock.</summary>
    public async Task OpenAsync()
    {
        await page.GotoAsync(new Uri(server, Path).ToString());
        var locked = page.Locator("#locked");
        await locked.Or(page.Locator("#waiting")).Or(page.Locator("#request")).Or(page.Locator("#setup")).Filter(new LocatorFilterOptions { Visible = true }).First.WaitForAsync();
        if (await locked.IsVisibleAsync())
        {
            await page.Locator("#unlock-button").ClickAsync();
            await page.Locator("#waiting").Or(page.Locator("#request")).Or(page.Locator("#setup")).Filter(new LocatorFilterOptions { Visible = true }).First.WaitForAsync();
        }
    }

    /// <summary>Waits until a request is shown; returns the three numbers offered.</summary>
    public async Task<IReadOnlyList<int>> WaitForRequestAsync()
    {
        await page.Locator("#request").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Visible });
        return [.. (await page.Locator("#choices button").AllInnerTextsAsync()).Select(t => int.Parse(t, System.Globalization.CultureInfo.InvariantCulture))];
    }

    public Task<string> ClientAsync() => page.Locator("#request-client").InnerTextAsync();

    public Task<string> BrowserAsync() => page.Locator("#request-browser").InnerTextAsync();

    public Task<string> RequestedAtAsync() => page.Locator("#request-time").InnerTextAsync();

    /// <summary>Picks <paramref name="number"/> (the phone confirms with its screen lock) and returns the outcome's title.</summary>
    public async Task<string> PickAsync(int number)
    {
        await page.Locator("#choices button", new PageLocatorOptions { HasTextString = number.ToString(System.Globalization.CultureInfo.InvariantCulture) }).ClickAsync();
        return await OutcomeAsync();
    }

    /// <summary>
    /// Picks <paramref name="number"/> as <see cref="PickAsync"/> does, and keeps the answer the app sent (the form body
    /// of <c>POST /approve/api/answer</c>) to send again with <see cref="SendAnswerAsync"/>.
    /// </summary>
    public async Task<(string Outcome, string Answer)> PickKeepingTheAnswerAsync(int number)
    {
        var sent = page.WaitForRequestAsync(request => request.Method == "POST" && new Uri(request.Url).AbsolutePath == AnswerPath);
        var outcome = await PickAsync(number);
        return (outcome, (await sent).PostData ?? throw new InvalidOperationException("The app sent its answer without a body."));
    }

    /// <summary>Sends <paramref name="answer"/> (a form body the app sent before) with this phone's cookies and the app's header; returns the status and the error.</summary>
    public async Task<(int Status, string? Error)> SendAnswerAsync(string answer)
    {
        var response = await page.Context.APIRequest.PostAsync(new Uri(server, AnswerPath).ToString(), new APIRequestContextOptions
        {
            Headers = new Dictionary<string, string> { [ConnexIdP.Server.SecondFactors.ApproveController.AppHeader] = "1", ["Content-Type"] = "application/x-www-form-urlencoded" },
            Data = answer,
        });
        var body = await response.JsonAsync();
        return (response.Status, body is { } json && json.TryGetProperty("error", out var error) ? error.GetString() : null);
    }

    /// <summary>Says "I'm not signing in" and returns the outcome's title.</summary>
    public async Task<string> DenyAsync()
    {
        await page.Locator("#deny-button").ClickAsync();
        return await OutcomeAsync();
    }

    public Task<string> ResultMessageAsync() => page.Locator("#result-message").InnerTextAsync();

    public Task<bool> OffersPasswordChangeAsync() => page.Locator("#result-password").IsVisibleAsync();

    /// <summary>Where "Change your password" leads, on the outcome of "I'm not signing in".</summary>
    public Task<string?> PasswordChangeLinkAsync() => page.Locator("#result-password a").GetAttributeAsync("href");

    /// <summary>Waits until the app shows no request (it waits for the next one).</summary>
    public Task WaitUntilWaitingAsync() => page.Locator("#waiting").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Visible });

    /// <summary>Waits until the app has forgotten this phone (it was removed): the set-up view with the reason; returns the reason.</summary>
    public async Task<string> WaitUntilForgottenAsync()
    {
        await page.Locator("#setup").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Visible });
        return await page.Locator("#approve-error:not(:empty)").InnerTextAsync();
    }

    /// <summary>Back from an outcome to the waiting list.</summary>
    public Task BackAsync() => page.Locator("#result-back").ClickAsync();

    public Task<string> ErrorAsync() => page.Locator("#approve-error").InnerTextAsync();

    public Task<bool> IsWaitingAsync() => page.Locator("#waiting").IsVisibleAsync();

    public Task<bool> ShowsSetupAsync() => page.Locator("#setup").IsVisibleAsync();

    public Task ScreenshotAsync(string path) => page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });

    public Task<IReadOnlyList<string>> UsabilityProblemsAsync() => BrowserUsability.ProblemsAsync(page,
        ("first number", page.Locator("#choices button").First, true), ("\"I'm not signing in\" button", page.Locator("#deny-button"), true));

    private async Task<string> OutcomeAsync()
    {
        var result = page.Locator("#result");
        var error = page.Locator("#approve-error:not(:empty)");
        await result.Filter(new LocatorFilterOptions { Visible = true }).Or(error).First.WaitForAsync();
        return await result.IsVisibleAsync() ? await page.Locator("#result-title").InnerTextAsync() : "error: " + await ErrorAsync();
    }
}
