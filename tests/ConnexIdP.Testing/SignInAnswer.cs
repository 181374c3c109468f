using System.Net;

namespace ConnexIdP.Testing;

/// <summary>What the sign-in page answered: the status, <c>Retry-After</c> in seconds, the error shown, the page, and where the browser ended.</summary>
public sealed record SignInAnswer(HttpStatusCode Status, int? RetryAfterSeconds, string? Message, string Body, Uri? Landed)
{
    /// <summary>The session was opened: the browser landed on the account page.</summary>
    public bool SignedIn => Status == HttpStatusCode.OK && Landed?.AbsolutePath == "/account";
}
