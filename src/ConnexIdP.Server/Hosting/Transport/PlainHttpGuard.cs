using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.Extensions.Options;

namespace ConnexIdP.Server.Hosting.Transport;

/// <summary>
/// Requests that arrive over plain HTTP never reach a page or an endpoint: a browser asking for a page (GET or HEAD) is
/// sent to the same URL over HTTPS when <see cref="HttpOptions.PlainHttp"/> allows it; everything else — protocol
/// endpoints, the admin API, health, any POST — is refused, so a token, a code or a credential is never served or taken
/// in clear text, and a form sent in clear is not bounced to HTTPS to be sent a second time.
/// </summary>
internal sealed class PlainHttpGuard(RequestDelegate next, IOptions<HttpOptions> options, IServer server)
{
    private static readonly string[] ProtocolPrefixes = ["/connect", "/.well-known", "/admin", "/health", "/metrics"];
    private int? _httpsPort;

    public Task InvokeAsync(HttpContext context)
    {
        if (context.Request.IsHttps)
        {
            return next(context);
        }

        var request = context.Request;
        var response = context.Response;
        response.Headers.CacheControl = "no-store";
        response.Headers.Connection = "close";
        if (options.Value.PlainHttp == PlainHttpMode.Redirect && (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method)) && !IsProtocolPath(request.Path))
        {
            var port = HttpsPort();
            var host = port == 443 ? new HostString(request.Host.Host) : new HostString(request.Host.Host, port);
            response.StatusCode = StatusCodes.Status301MovedPermanently;
            response.Headers.Location = UriHelper.BuildAbsolute("https", host, request.PathBase, request.Path, request.QueryString);
            return Task.CompletedTask;
        }

        response.StatusCode = StatusCodes.Status403Forbidden;
        response.ContentType = "text/plain; charset=utf-8";
        return response.WriteAsync("HTTPS is required.\n");
    }

    private static bool IsProtocolPath(PathString path) => ProtocolPrefixes.Any(prefix => path.StartsWithSegments(prefix, StringComparison.OrdinalIgnoreCase));

    private int HttpsPort() => _httpsPort ??= options.Value.HttpsPort ?? ListeningHttpsPort() ?? 443;

    private int? ListeningHttpsPort() =>
        server.Features.Get<IServerAddressesFeature>()?.Addresses
            .Select(address => BindingAddress.Parse(address))
            .FirstOrDefault(address => string.Equals(address.Scheme, "https", StringComparison.OrdinalIgnoreCase))?.Port;
}
