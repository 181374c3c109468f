using System.Text.Json;

namespace ConnexIdP.Server.Hosting;

/// <summary>
/// Turns what ASP.NET Core throws on malformed input (too many form values, over-long keys, broken multipart or
/// encodings, oversized bodies) into a 400 with an OAuth-style error body instead of a 500. Nothing of the input is echoed.
/// </summary>
internal sealed partial class MalformedRequestGuard(RequestDelegate next, ILogger<MalformedRequestGuard> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (Exception exception) when (IsMalformedInput(exception) && !context.Response.HasStarted)
        {
            LogRejected(logger, context.Request.Method, context.Request.Path, exception.GetType().Name);
            context.Response.Clear();
            context.Response.StatusCode = exception is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status400BadRequest;
            context.Response.Headers.CacheControl = "no-store";
            context.Response.ContentType = "application/json";
            await JsonSerializer.SerializeAsync(context.Response.Body, new Dictionary<string, string>
            {
                ["error"] = "invalid_request",
                ["error_description"] = "The request is malformed (size, number or encoding of its parameters).",
            }, cancellationToken: context.RequestAborted);
        }
    }

    private static bool IsMalformedInput(Exception exception) => exception switch
    {
        BadHttpRequestException => true,
        InvalidDataException => true,
        IOException { InnerException: BadHttpRequestException } => true,
        System.Text.DecoderFallbackException => true,
        FormatException when exception.StackTrace?.Contains("Microsoft.AspNetCore.WebUtilities", StringComparison.Ordinal) == true => true,
        _ => false,
    };

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Malformed request refused: {Method} {Path} ({Kind})")]
    private static partial void LogRejected(ILogger logger, string method, PathString path, string kind);
}
