using System.Net;

namespace ConnexIdP.Testing;

/// <summary>Assertions on what a client sees from the server's back channel.</summary>
public static class OAuthAssert
{
    /// <summary>The endpoint refused with <paramref name="status"/> and the OAuth <paramref name="error"/>, and issued no token.</summary>
    public static void Refused(TokenResponse response, HttpStatusCode status, string error)
    {
        Xunit.Assert.True(response.Status == status && response.Error == error, $"expected {(int)status} {error}, got {response}");
        Xunit.Assert.Null(response.AccessToken);
        Xunit.Assert.Null(response.RefreshToken);
    }
}
