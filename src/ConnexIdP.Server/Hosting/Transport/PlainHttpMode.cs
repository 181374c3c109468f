namespace ConnexIdP.Server.Hosting.Transport;

/// <summary>What a request over plain HTTP gets (only when the server also listens on an <c>http://</c> URL).</summary>
internal enum PlainHttpMode
{
    /// <summary>Browser pages (GET and HEAD) are redirected to HTTPS; protocol endpoints and every other method are refused.</summary>
    Redirect = 0,

    /// <summary>Every request is refused.</summary>
    Refuse = 1,
}
