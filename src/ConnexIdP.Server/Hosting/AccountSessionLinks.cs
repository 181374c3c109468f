namespace ConnexIdP.Server.Hosting;

/// <summary>Links between the sign-in pages, carrying the return URL.</summary>
public static class AccountSessionLinks
{
    public static string SecondFactor(string? returnUrl, string? method)
    {
        var query = new List<string>();
        if (!string.IsNullOrEmpty(returnUrl))
        {
            query.Add("returnUrl=" + Uri.EscapeDataString(returnUrl));
        }

        if (!string.IsNullOrEmpty(method))
        {
            query.Add("method=" + Uri.EscapeDataString(method));
        }

        return SessionDefaults.SecondFactorPath + (query.Count == 0 ? string.Empty : "?" + string.Join('&', query));
    }
}
