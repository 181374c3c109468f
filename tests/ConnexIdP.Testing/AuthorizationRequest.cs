using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http.Extensions;

namespace ConnexIdP.Testing;

/// <summary>
/// An authorization request as a raw OAuth client builds it: code flow with a fresh PKCE pair, <c>state</c> and
/// <c>nonce</c> by default. Set a property to null to leave its parameter out; <see cref="Extra"/> adds anything else.
/// </summary>
public sealed record AuthorizationRequest
{
    public required string ClientId { get; init; }
    public required Uri RedirectUri { get; init; }
    public string? ResponseType { get; init; } = "code";
    public string? Scope { get; init; } = "openid profile email offline_access";
    public string? State { get; init; } = NewValue();
    public string? Nonce { get; init; } = NewValue();
    public Pkce? Pkce { get; init; } = Pkce.Create();
    public string? CodeChallengeMethod { get; init; } = "S256";
    public string? Prompt { get; init; }
    public int? MaxAge { get; init; }
    public string? LoginHint { get; init; }
    public string? AcrValues { get; init; }
    public string? RequestUri { get; init; }
    public IReadOnlyList<KeyValuePair<string, string>> Extra { get; init; } = [];

    public static string NewValue() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16));

    /// <summary>The parameters in the order a client sends them.</summary>
    public List<KeyValuePair<string, string>> Parameters()
    {
        var parameters = new List<KeyValuePair<string, string>> { new("client_id", ClientId) };
        if (RequestUri is not null)
        {
            parameters.Add(new("request_uri", RequestUri));
            parameters.AddRange(Extra);
            return parameters;
        }

        Add("response_type", ResponseType);
        Add("redirect_uri", RedirectUri.OriginalString);
        Add("scope", Scope);
        Add("state", State);
        Add("nonce", Nonce);
        if (Pkce is not null)
        {
            Add("code_challenge", Pkce.Challenge);
            Add("code_challenge_method", CodeChallengeMethod);
        }

        Add("prompt", Prompt);
        Add("max_age", MaxAge?.ToString(CultureInfo.InvariantCulture));
        Add("login_hint", LoginHint);
        Add("acr_values", AcrValues);
        parameters.AddRange(Extra);
        return parameters;

        void Add(string name, string? value)
        {
            if (value is not null)
            {
                parameters.Add(new(name, value));
            }
        }
    }

    /// <summary>The authorization endpoint URL of <paramref name="server"/> carrying this request in its query.</summary>
    public Uri ToUri(Uri server)
    {
        var query = new QueryBuilder(Parameters());
        return new Uri(server, "connect/authorize" + query.ToQueryString());
    }
}
