namespace ConnexIdP.Testing;

/// <summary>Page object for the consent page: allow or deny what a client asks for.</summary>
public sealed class ConsentPage(TestBrowser browser)
{
    public bool IsShown => browser.LastBody?.Contains("name=\"connexidp_consent\"", StringComparison.Ordinal) == true;

    public Task<HttpResponseMessage> AllowAsync() => DecideAsync("accept");

    public Task<HttpResponseMessage> DenyAsync() => DecideAsync("deny");

    private Task<HttpResponseMessage> DecideAsync(string decision)
    {
        var (action, fields) = browser.ReadForm();
        fields.Add(new("connexidp_consent", decision));
        return browser.PostFormAsync(action, fields);
    }
}
