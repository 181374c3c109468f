namespace ConnexIdP.Testing;

/// <summary>Page object for ConnexIdP's sign-in page (fields <c>Email</c> and <c>Password</c>).</summary>
public sealed class SignInPage(TestBrowser browser)
{
    public bool IsShown => browser.CurrentUrl?.AbsolutePath == "/account/signin" && browser.LastBody?.Contains("name=\"Password\"", StringComparison.Ordinal) == true;

    /// <summary>The value the email field is pre-filled with (from <c>login_hint</c>), or null when it is empty.</summary>
    public string? PrefilledEmail => browser.LastBody is { } body
        && System.Text.RegularExpressions.Regex.Match(body, "<input[^>]*name=\"Email\"[^>]*value=\"(?<v>[^\"]*)\"") is { Success: true } match
        && match.Groups["v"].Value.Length > 0
            ? System.Net.WebUtility.HtmlDecode(match.Groups["v"].Value)
            : null;

    public bool ShowsFailure => browser.LastBody?.Contains("id=\"signin-error\"", StringComparison.Ordinal) == true;

    public Task<HttpResponseMessage> WithPasswordAsync(string email, string password)
    {
        if (!IsShown)
        {
            throw new InvalidOperationException($"Not on the sign-in page but on {browser.CurrentUrl} ({browser.LastStatus}).");
        }

        var (action, fields) = browser.ReadForm();
        fields.Add(new("Email", email));
        fields.Add(new("Password", password));
        return browser.PostFormAsync(action, fields);
    }
}
