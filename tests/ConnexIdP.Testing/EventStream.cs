using System.Net;
using System.Net.ServerSentEvents;

namespace ConnexIdP.Testing;

/// <summary>
/// A server-sent event stream read as <c>EventSource</c> reads it, with the cookies of a browser or a phone: each event's
/// type and data in order, and the end of the stream. A read waits at most <see cref="Patience"/>, so a stream that
/// never says what it should fails the test instead of hanging it.
/// </summary>
public sealed class EventStream : IAsyncDisposable
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly HttpClient _http;
    private readonly HttpResponseMessage _response;
    private readonly IAsyncEnumerator<SseItem<string>>? _events;

    private EventStream(HttpClient http, HttpResponseMessage response, IAsyncEnumerator<SseItem<string>>? events)
    {
        _http = http;
        _response = response;
        _events = events;
    }

    public HttpStatusCode Status => _response.StatusCode;

    public string? ContentType => _response.Content.Headers.ContentType?.MediaType;

    public static async Task<EventStream> OpenAsync(CookieContainer cookies, Uri url)
    {
        var http = new HttpClient(TestTls.TrustingHandler(allowRedirects: false, cookies: cookies)) { Timeout = Timeout.InfiniteTimeSpan };
        var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
        var events = response.StatusCode == HttpStatusCode.OK
            ? SseParser.Create(await response.Content.ReadAsStreamAsync()).EnumerateAsync().GetAsyncEnumerator()
            : null;
        return new EventStream(http, response, events);
    }

    /// <summary>The next event, or null when the server ended the stream.</summary>
    public async Task<(string Type, string Data)?> NextAsync()
    {
        var events = _events ?? throw new InvalidOperationException($"The stream was refused: {(int)Status}.");
        return await events.MoveNextAsync().AsTask().WaitAsync(Patience) ? (events.Current.EventType, events.Current.Data) : null;
    }

    public async ValueTask DisposeAsync()
    {
        if (_events is not null)
        {
            await _events.DisposeAsync();
        }

        _response.Dispose();
        _http.Dispose();
    }
}
