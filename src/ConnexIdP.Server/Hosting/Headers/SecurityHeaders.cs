using Microsoft.Extensions.Options;

namespace ConnexIdP.Server.Hosting.Headers;

/// <summary>
/// Adds the hardening headers to every response, whatever produced it (pages, OpenIddict, errors, refusals): CSP,
/// nosniff, framing refused, no referrer, Permissions-Policy, HSTS over HTTPS, and <c>Cache-Control: no-store</c> on
/// everything but static files, and always on a response that sets a cookie, so no credential, token or session lands in a cache.
/// </summary>
internal sealed class SecurityHeaders
{
    private readonly RequestDelegate _next;
    private readonly SecurityHeadersOptions _options;
    private readonly string? _hsts;

    public SecurityHeaders(RequestDelegate next, IOptions<SecurityHeadersOptions> options, IHostEnvironment environment)
    {
        _next = next;
        _options = options.Value;
        _hsts = _options.Hsts.Enabled && !environment.IsDevelopment() ? _options.Hsts.Value() : null;
    }

    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(static state =>
        {
            var (context, self) = ((HttpContext, SecurityHeaders))state;
            self.Apply(context);
            return Task.CompletedTask;
        }, (context, this));
        return _next(context);
    }

    private void Apply(HttpContext context)
    {
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = _options.ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = _options.ReferrerPolicy;
        headers["Permissions-Policy"] = _options.PermissionsPolicy;
        if (_hsts is not null && context.Request.IsHttps)
        {
            headers.StrictTransportSecurity = _hsts;
        }

        if (headers.SetCookie.Count > 0 || headers.CacheControl.Count == 0)
        {
            headers.CacheControl = "no-store";
            headers.Pragma = "no-cache";
        }
    }
}
