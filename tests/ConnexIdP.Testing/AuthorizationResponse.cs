using Microsoft.AspNetCore.WebUtilities;

namespace ConnexIdP.Testing;

/// <summary>The parameters the server sent back to a client's redirect URI, from its query or (fragment response mode) its fragment.</summary>
public sealed record AuthorizationResponse(Uri Location, string? Code, string? State, string? Issuer, string? Error, string? ErrorDescription)
{
    public static AuthorizationResponse From(Uri location)
    {
        var query = QueryHelpers.ParseQuery(location.Query.Length > 1 ? location.Query : location.Fragment.TrimStart('#'));
        return new AuthorizationResponse(
            location,
            Value("code"),
            Value("state"),
            Value("iss"),
            Value("error"),
            Value("error_description"));

        string? Value(string name) => query.TryGetValue(name, out var value) ? value.ToString() : null;
    }

    public override string ToString() => Location.ToString();
}
