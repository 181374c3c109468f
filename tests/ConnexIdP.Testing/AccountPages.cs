namespace ConnexIdP.Testing;

/// <summary>Page objects for the signed-in account pages: each fills the page's form as a person would and submits it.</summary>
public sealed class AccountPages(TestBrowser browser, Uri server)
{
    public Uri Overview => new(server, "/account");

    public Task<HttpResponseMessage> ChangePasswordAsync(string current, string replacement) =>
        SubmitAsync("/account/password", ("CurrentPassword", current), ("NewPassword", replacement));

    public Task<HttpResponseMessage> ChangeEmailAsync(string newEmail, string current) =>
        SubmitAsync("/account/email", ("NewEmail", newEmail), ("CurrentPassword", current));

    public Task<HttpResponseMessage> RegisterAsync(string email, string password, string? name = null) =>
        SubmitAsync("/account/register", ("Email", email), ("DisplayName", name ?? string.Empty), ("Password", password));

    /// <summary>Submits the form already on screen (the browser was sent to the page by a redirect).</summary>
    public Task<HttpResponseMessage> SubmitShownAsync(params (string Name, string Value)[] fields)
    {
        var (action, form) = browser.ReadForm();
        form.AddRange(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)));
        return browser.PostFormAsync(action, form);
    }

    /// <summary>The text of the element with <paramref name="id"/> on the current page, or null.</summary>
    public string? Text(string id) =>
        browser.LastBody is { } body
        && System.Text.RegularExpressions.Regex.Match(body, $"id=\"{id}\"[^>]*>(?<t>.*?)</", System.Text.RegularExpressions.RegexOptions.Singleline) is { Success: true } match
            ? System.Net.WebUtility.HtmlDecode(match.Groups["t"].Value).Trim()
            : null;

    private async Task<HttpResponseMessage> SubmitAsync(string path, params (string Name, string Value)[] fields)
    {
        await browser.GetAsync(new Uri(server, path));
        return await SubmitShownAsync(fields);
    }
}
