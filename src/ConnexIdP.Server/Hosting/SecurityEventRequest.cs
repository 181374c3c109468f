using ConnexIdP.Core.Security;

namespace ConnexIdP.Server.Hosting;

/// <summary>What a security event says about the HTTP request behind it: the source address, the user agent and the trace id.</summary>
internal static class SecurityEventRequest
{
    public static SecurityEventContext Describe(HttpContext http) =>
        new(http.Connection.RemoteIpAddress, http.Request.Headers.UserAgent.ToString() is { Length: > 0 } agent ? agent : null, http.TraceIdentifier);
}
