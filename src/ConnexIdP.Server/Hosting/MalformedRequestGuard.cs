using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using ConnexIdP.Core.Security.Detection;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;

namespace ConnexIdP.Server.Hosting;

/// <summary>
/// Refuses malformed input with a 4xx and an OAuth-style error body instead of letting it through or ending in a 500:
/// a query string or url-encoded form that is not well-formed percent-encoded UTF-8 (ASP.NET Core decodes both
/// leniently, so "%ZZ" or "%FF" would pass as data), a form over <see cref="MaximumFormBytes"/> (the sign-in form over
/// <see cref="MaximumSignInFormBytes"/>) or in another charset,
/// and whatever ASP.NET Core throws on bad input (too many form values, over-long keys, broken multipart, oversized
/// bodies). Nothing of the input is echoed.
/// </summary>
internal sealed partial class MalformedRequestGuard(RequestDelegate next, SourceDefence defence, ILogger<MalformedRequestGuard> logger)
{
    /// <summary>Every form this server takes (sign-in, consent, OAuth requests) is a few kilobytes.</summary>
    public const int MaximumFormBytes = 1024 * 1024;

    /// <summary>
    /// The sign-in form carries a return URL (at most Kestrel's 8 KiB request line, up to three times that once
    /// percent-encoded again), an email and a password: 64 KiB leaves a password of thousands of characters even beside the
    /// longest return URL. Anything longer is refused here, before the form is parsed and long before any hashing, so a
    /// flood of huge sign-in forms cannot hold megabytes per request while it waits for the hashing gate.
    /// </summary>
    public const int MaximumSignInFormBytes = 64 * 1024;

    public async Task InvokeAsync(HttpContext context)
    {
        var query = context.Request.QueryString.Value;
        if (!string.IsNullOrEmpty(query) && !IsWellFormed(Encoding.Latin1.GetBytes(query, 1, query.Length - 1)))
        {
            await RefuseAsync(context, StatusCodes.Status400BadRequest, "MalformedQuery");
            return;
        }

        var formLimit = MaximumFormBytes;
        if (context.Request.Path.StartsWithSegments(SessionDefaults.SignInPath))
        {
            // Whatever the body's type, since a multipart form binds too: refused at once when its declared length is over,
            // and by Kestrel when a body without a length reads past it.
            formLimit = MaximumSignInFormBytes;
            if (context.Request.ContentLength > formLimit)
            {
                await RefuseAsync(context, StatusCodes.Status413PayloadTooLarge, "SignInFormTooLarge");
                return;
            }

            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
            {
                bodySize.MaxRequestBodySize = formLimit;
            }
        }

        if (UrlEncodedFormType(context.Request) is { } form && await CheckFormAsync(context, form, formLimit) is { } refusal)
        {
            await RefuseAsync(context, refusal, "MalformedForm");
            return;
        }

        try
        {
            await next(context);
        }
        catch (Exception exception) when (IsMalformedInput(exception) && !context.Response.HasStarted)
        {
            await RefuseAsync(context, exception is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status400BadRequest, exception.GetType().Name);
        }
    }

    private static MediaTypeHeaderValue? UrlEncodedFormType(HttpRequest request) =>
        MediaTypeHeaderValue.TryParse(request.ContentType, out var type) && type.MediaType.Equals("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase)
            ? type
            : null;

    // Reads the form (at most its limit) and puts it back as the body; a status code when it must be refused.
    private static async Task<int?> CheckFormAsync(HttpContext context, MediaTypeHeaderValue type, int limit)
    {
        var request = context.Request;
        if (type.Charset.HasValue && !type.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase))
        {
            return StatusCodes.Status415UnsupportedMediaType;
        }

        if (request.ContentLength > limit)
        {
            return StatusCodes.Status413PayloadTooLarge;
        }

        var body = new MemoryStream();
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(buffer, context.RequestAborted)) > 0)
            {
                if (body.Length + read > limit)
                {
                    return StatusCodes.Status413PayloadTooLarge;
                }

                body.Write(buffer, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        if (!IsWellFormed(body.GetBuffer().AsSpan(0, (int)body.Length)))
        {
            return StatusCodes.Status400BadRequest;
        }

        body.Position = 0;
        request.Body = body;
        context.Response.RegisterForDispose(body);
        return null;
    }

    /// <summary>
    /// Whether <paramref name="encoded"/> is <c>name=value&amp;...</c> in which every escape is <c>%</c> and two hex
    /// digits, nothing else is outside ASCII, and each name and value decodes to valid UTF-8.
    /// </summary>
    internal static bool IsWellFormed(ReadOnlySpan<byte> encoded)
    {
        var decoded = ArrayPool<byte>.Shared.Rent(Math.Max(encoded.Length, 1));
        try
        {
            var length = 0;
            for (var i = 0; i < encoded.Length; i++)
            {
                var b = encoded[i];
                if (b is (byte)'&' or (byte)'=')
                {
                    if (!Utf8.IsValid(decoded.AsSpan(0, length)))
                    {
                        return false;
                    }

                    length = 0;
                }
                else if (b == (byte)'%')
                {
                    if (i + 2 >= encoded.Length || !char.IsAsciiHexDigit((char)encoded[i + 1]) || !char.IsAsciiHexDigit((char)encoded[i + 2]))
                    {
                        return false;
                    }

                    decoded[length++] = (byte)((HexValue(encoded[i + 1]) << 4) | HexValue(encoded[i + 2]));
                    i += 2;
                }
                else if (b >= 0x80)
                {
                    return false;
                }
                else
                {
                    decoded[length++] = b;
                }
            }

            return Utf8.IsValid(decoded.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(decoded);
        }
    }

    private static int HexValue(byte digit) => digit <= '9' ? digit - '0' : (digit | 0x20) - 'a' + 10;

    private async Task RefuseAsync(HttpContext context, int status, string kind)
    {
        LogRejected(logger, context.Request.Method, context.Request.Path, kind);
        if (context.Connection.RemoteIpAddress is { } source)
        {
            // The kind is ours (a fixed name or an exception type), never the client's input.
            await defence.ObserveAsync(new SourceObservation(ObservationKind.MalformedRequest, source, Detail: $"malformed request ({kind})",
                Request: SecurityEventRequest.Describe(context)), CancellationToken.None);
        }

        context.Response.Clear();
        context.Response.StatusCode = status;
        context.Response.Headers.CacheControl = "no-store";
        context.Response.ContentType = "application/json";
        await JsonSerializer.SerializeAsync(context.Response.Body, new Dictionary<string, string>
        {
            ["error"] = "invalid_request",
            ["error_description"] = "The request is malformed (size, number or encoding of its parameters).",
        }, cancellationToken: context.RequestAborted);
    }

    private static bool IsMalformedInput(Exception exception) => exception switch
    {
        BadHttpRequestException => true,
        InvalidDataException => true,
        IOException { InnerException: BadHttpRequestException } => true,
        DecoderFallbackException => true,
        FormatException when exception.StackTrace?.Contains("Microsoft.AspNetCore.WebUtilities", StringComparison.Ordinal) == true => true,
        _ => false,
    };

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Malformed request refused: {Method} {Path} ({Kind})")]
    private static partial void LogRejected(ILogger logger, string method, PathString path, string kind);
}
