namespace ConnexIdP.Testing;

/// <summary>Page object for the sign-out confirmation that RP-initiated logout shows without an <c>id_token_hint</c>.</summary>
public sealed class SignOutPage(TestBrowser browser)
{
    public bool IsShown => browser.LastBody?.Contains("name=\"connexidp_signout\"", StringComparison.Ordinal) == true;

    public Task<HttpResponseMessage> ConfirmAsync()
    {
        var (action, fields) = browser.ReadForm();
        fields.Add(new("connexidp_signout", "yes"));
        return browser.PostFormAsync(action, fields);
    }
}
