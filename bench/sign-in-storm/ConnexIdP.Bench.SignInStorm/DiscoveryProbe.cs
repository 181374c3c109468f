using System.Diagnostics;
using System.Net;

namespace ConnexIdP.Bench.SignInStorm;

/// <summary>
/// Asks for the discovery document on a dedicated thread with synchronous I/O, every 10 ms until stopped. The storm's
/// 500 requests run on this process's thread pool; a probe there would wait behind their continuations, and its
/// times would include the load generator's own queue rather than only the server's answer.
/// </summary>
internal sealed class DiscoveryProbe(HttpClient http)
{
    public const string Path = ".well-known/openid-configuration";

    public Latencies Answers { get; } = new();

    public int Failures { get; private set; }

    /// <summary>Probes <paramref name="count"/> times, or until <paramref name="stop"/> when count is null.</summary>
    public Task RunAsync(CancellationToken stop, int? count = null)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        new Thread(() =>
        {
            var started = Stopwatch.GetTimestamp();
            for (var i = 0; (count is null || i < count) && !stop.IsCancellationRequested; i++)
            {
                var at = Stopwatch.GetElapsedTime(started);
                var before = Stopwatch.GetTimestamp();
                if (!Get())
                {
                    Failures++;
                }

                Answers.Add(Stopwatch.GetElapsedTime(before), at);
                stop.WaitHandle.WaitOne(10);
            }

            done.SetResult();
        }) { IsBackground = true, Name = "discovery probe" }.Start();
        return done.Task;
    }

    private bool Get()
    {
        try
        {
            using var response = http.Send(new HttpRequestMessage(HttpMethod.Get, Path));
            using var body = response.Content.ReadAsStream();
            body.CopyTo(Stream.Null);
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException or IOException)
        {
            return false;
        }
    }
}
