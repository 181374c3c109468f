namespace ConnexIdP.Testing;

/// <summary>
/// Page objects for the second factor over HTTP: the code page after the password (<c>/account/signin/second-factor</c>)
/// and the authenticator enrollment page (<c>/account/security/authenticator</c>), filled as a person would.
/// </summary>
public sealed class SecondFactorPages(TestBrowser browser, Uri server)
{
    public const string CodePath = "/account/signin/second-factor";
    public const string EnrollPath = "/account/security/authenticator";

    public bool AsksForCode => browser.CurrentUrl?.AbsolutePath == CodePath && browser.LastBody?.Contains("name=\"Code\"", StringComparison.Ordinal) == true;

    public bool AsksToEnroll => browser.CurrentUrl?.AbsolutePath.StartsWith(EnrollPath, StringComparison.Ordinal) == true;

    /// <summary>Submits <paramref name="code"/> on the code page on screen.</summary>
    public Task<HttpResponseMessage> EnterCodeAsync(string code)
    {
        if (!AsksForCode)
        {
            throw new InvalidOperationException($"Not on the second-factor page but on {browser.CurrentUrl} ({browser.LastStatus}).");
        }

        var (action, fields) = browser.ReadForm();
        fields.Add(new("Code", code));
        return browser.PostFormAsync(action, fields);
    }

    /// <summary>Follows "use a recovery code instead" and submits <paramref name="code"/>.</summary>
    public async Task<HttpResponseMessage> EnterRecoveryCodeAsync(string code)
    {
        var link = new Uri(server, CodePath + "?method=recovery&returnUrl=" + Uri.EscapeDataString(ReturnUrl() ?? "/account"));
        await browser.GetAsync(link);
        return await EnterCodeAsync(code);
    }

    /// <summary>
    /// Adds an authenticator app from the enrollment page (opened here unless the browser is on it already): names it,
    /// reads the secret shown, and confirms with the code for <paramref name="now"/>. Returns the app and the recovery
    /// codes shown once (none when the account had a factor already).
    /// </summary>
    public async Task<(TestAuthenticator App, IReadOnlyList<string> RecoveryCodes)> EnrollAsync(DateTimeOffset now, string name = "Phone")
    {
        if (!AsksToEnroll)
        {
            await browser.GetAsync(new Uri(server, EnrollPath));
        }

        var (start, fields) = browser.ReadForm();
        fields.Add(new("Name", name));
        await browser.PostFormAsync(start, fields);
        var secret = new AccountPages(browser, server).Text("authenticator-secret")
            ?? throw new InvalidOperationException($"No secret shown on {browser.CurrentUrl} ({browser.LastStatus}).");
        var app = new TestAuthenticator(secret);

        var (confirm, confirmFields) = browser.ReadForm();
        confirmFields.Add(new("Code", app.CodeAt(now)));
        await browser.PostFormAsync(confirm, confirmFields);
        return (app, RecoveryCodesShown());
    }

    /// <summary>Follows the page's "continue" link (after the recovery codes were shown).</summary>
    public Task<HttpResponseMessage> ContinueAsync()
    {
        var match = System.Text.RegularExpressions.Regex.Match(browser.LastBody ?? string.Empty, "id=\"continue\" href=\"(?<h>[^\"]+)\"");
        return match.Success
            ? browser.GetAsync(new Uri(server, System.Net.WebUtility.HtmlDecode(match.Groups["h"].Value)))
            : throw new InvalidOperationException($"No continue link on {browser.CurrentUrl} ({browser.LastStatus}).");
    }

    /// <summary>The recovery codes on the current page, or none.</summary>
    public IReadOnlyList<string> RecoveryCodesShown() => browser.LastBody is { } body
        ? [.. System.Text.RegularExpressions.Regex.Matches(body, "<li><code>(?<c>[a-z0-9-]+)</code></li>").Select(m => m.Groups["c"].Value)]
        : [];

    private string? ReturnUrl() => browser.CurrentUrl is { } url
        ? System.Web.HttpUtility.ParseQueryString(url.Query)["returnUrl"]
        : null;
}
