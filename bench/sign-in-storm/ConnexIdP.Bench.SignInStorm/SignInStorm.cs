using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography.X509Certificates;

namespace ConnexIdP.Bench.SignInStorm;

/// <summary>
/// Fires <c>Concurrency</c> sign-in attempts at once, <c>Rounds</c> times, from <c>Sources</c> loopback addresses (a
/// third at the real account with wrong passwords, the rest at unknown emails), while one client asks for the
/// discovery document every 10 ms and the server's memory is sampled; then checks the targets: peak memory (VmHWM)
/// under hash slots × Argon2 memory + 300 MiB, no answer but the documented refusals (401; 503 or 429 with Retry-After:
/// hashing at capacity, or the account's backoff; 403 once a source is blocked), every discovery request under 100 ms,
/// and the owner's correct sign-in afterwards, from the browser it signed in with before the storm (a known device,
/// which the attack on the account does not slow down).
/// </summary>
internal static class SignInStorm
{
    private const double MemoryHeadroomMiB = 300;
    private const double DiscoveryTargetMs = 100;

    public static async Task<int> RunAsync(string[] args)
    {
        var settings = StormSettings.From(args);
        using var trusted = X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(settings.CertificatePath));
        var memory = new ServerMemory(settings.ServerPid);
        using var probe = StormClients.Create(settings.Url, trusted);

        // Warm what is measured (discovery, the page, a refused and a checked sign-in) so the storm does not time the JIT.
        await new DiscoveryProbe(probe).RunAsync(CancellationToken.None, count: 200);

        var form = await SignInForm.FetchAsync(probe);
        string ownersDevice;
        using (var owner = await probe.SendAsync(form.Post(settings.Email, settings.Password)))
        {
            Expect(owner, HttpStatusCode.SeeOther, "the owner's sign-in before the storm");
            ownersDevice = SignInForm.DeviceCookieOf(owner);
        }

        for (var i = 0; i < 5; i++)
        {
            using var warm = await probe.SendAsync(form.Post($"warm-{i}@example.com", "a wrong password"));
            Expect(warm, HttpStatusCode.Unauthorized, "a warm-up sign-in");
        }

        // Then the storm itself a few times unmeasured: on one core the tiered JIT needs many calls before the sign-in path
        // runs its final code, and a storm on a server that has run for a while is the case worth measuring.
        var attackers = Enumerable.Range(0, settings.Sources).Select(i => StormClients.Create(settings.Url, trusted, StormClients.Source(i))).ToList();
        var warmup = new ConcurrentDictionary<string, Latencies>();
        for (var round = 0; round < settings.WarmupRounds; round++)
        {
            await BurstAsync(settings, attackers, form, $"warm{round}", warmup);
        }

        var idle = new DiscoveryProbe(probe);
        await idle.RunAsync(CancellationToken.None, count: 200);

        var cpu = new ServerCpu(settings.ServerPid);
        var cpuBefore = cpu.Seconds();
        var residentBefore = memory.ResidentMiB;
        var answers = new ConcurrentDictionary<string, Latencies>();
        var during = new DiscoveryProbe(probe);
        var peakResident = residentBefore;
        using var stop = new CancellationTokenSource();
        var stormStarted = Stopwatch.GetTimestamp();
        var probing = during.RunAsync(stop.Token);
        var sampling = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                peakResident = Math.Max(peakResident, memory.ResidentMiB);
                await Task.Delay(20, CancellationToken.None);
            }
        });

        var roundEnds = new List<double>();
        for (var round = 0; round < settings.Rounds; round++)
        {
            if (settings.NewConnections)
            {
                // Every measured burst on fresh connections: each attempt brings its own TLS handshake.
                attackers.ForEach(a => a.Dispose());
                attackers = Enumerable.Range(0, settings.Sources).Select(i => StormClients.Create(settings.Url, trusted, StormClients.Source(i))).ToList();
            }

            await BurstAsync(settings, attackers, form, $"round{round}", answers);
            roundEnds.Add(Stopwatch.GetElapsedTime(stormStarted).TotalSeconds);
        }

        await stop.CancelAsync();
        await Task.WhenAll(probing, sampling);
        var cpuAfter = cpu.Seconds();
        var peak = memory.PeakMiB;
        using var after = await probe.SendAsync(form.Post(settings.Email, settings.Password, ownersDevice));
        attackers.ForEach(a => a.Dispose());

        var limit = (settings.HashSlots * settings.MemoryKiB / 1024.0) + MemoryHeadroomMiB;
        var failures = answers.Where(a => a.Key is not ("401" or "503" or "429" or "403")).Sum(a => a.Value.Count) + during.Failures;
        var memoryMet = peak < limit;
        var discoveryMet = during.Answers.Count > 0 && during.Answers.Max < DiscoveryTargetMs;
        var afterMet = after.StatusCode == HttpStatusCode.SeeOther;

        var invariant = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(invariant, $"storm: {settings.Concurrency} concurrent sign-in attempts x {settings.Rounds} rounds from {settings.Sources} addresses, after {settings.WarmupRounds} unmeasured rounds{(settings.NewConnections ? ", each on new connections" : string.Empty)}; rounds ended at {string.Join(", ", roundEnds.Select(t => t.ToString("0.00", invariant)))} s"));
        foreach (var (status, times) in answers.OrderBy(a => a.Key, StringComparer.Ordinal))
        {
            Console.WriteLine($"  {status,-40} {times}");
        }

        var attempts = answers.Values.Sum(l => l.Count);
        var otherCpu = cpuAfter.Other - cpuBefore.Other;
        Console.WriteLine(string.Create(invariant,
            $"server CPU during the storm: {cpuAfter.Hashing - cpuBefore.Hashing:0.00} s on Argon2 threads, {otherCpu:0.00} s on all others = {otherCpu * 1000 / attempts:0.00} ms per attempt (plus {during.Answers.Count} discovery requests)"));
        Console.WriteLine($"discovery before the storm: {idle.Answers}");
        Console.WriteLine($"discovery during the storm: {during.Answers}, failures {during.Failures}   target: every one < {DiscoveryTargetMs} ms -> {(discoveryMet ? "met" : "MISSED")}");
        Console.WriteLine($"  slowest: {during.Answers.Slowest(5)}");
        Console.WriteLine(string.Create(invariant, $"server memory: resident {residentBefore:0} MiB before, {peakResident:0} MiB at most while sampled; peak VmHWM {peak:0} MiB   target: < {limit:0} MiB ({settings.HashSlots} x {settings.MemoryKiB / 1024} MiB + {MemoryHeadroomMiB:0}) -> {(memoryMet ? "met" : "MISSED")}"));
        Console.WriteLine($"answers other than 401, 403, and 429 or 503 with Retry-After: {failures}   target: 0 -> {(failures == 0 ? "met" : "MISSED")}");
        Console.WriteLine($"the owner's correct sign-in after the storm, from their known device: {(int)after.StatusCode}   target: 303 -> {(afterMet ? "met" : "MISSED")}");

        var count = (string status) => answers.TryGetValue(status, out var l) ? l.Count : 0;
        var met = memoryMet && discoveryMet && afterMet && failures == 0;
        Console.WriteLine(string.Create(invariant,
            $"RESULT attempts={attempts} s401={count("401")} s503={count("503")} s429={count("429")} s403={count("403")} failures={failures} discovery_n={during.Answers.Count} discovery_p99_ms={during.Answers.Percentile(99):0.0} discovery_max_ms={during.Answers.Max:0.0} cpu_ms_per_attempt={otherCpu * 1000 / attempts:0.00} rss_before_mib={residentBefore:0} peak_mib={peak:0} limit_mib={limit:0} after={(int)after.StatusCode} targets={(met ? "met" : "missed")}"));
        return met ? 0 : 2;
    }

    // Concurrency attempts at once, spread over the attackers' addresses: a third at the account, the rest at unknown emails.
    private static Task BurstAsync(StormSettings settings, List<HttpClient> attackers, SignInForm form, string name, ConcurrentDictionary<string, Latencies> answers) =>
        Task.WhenAll(Enumerable.Range(0, settings.Concurrency).Select(i =>
            AttemptAsync(attackers[i % attackers.Count], form, i % 3 == 0 ? settings.Email : $"nobody-{name}-{i}@example.com", $"wrong password {i}", answers)));

    private static async Task AttemptAsync(HttpClient http, SignInForm form, string email, string password, ConcurrentDictionary<string, Latencies> answers)
    {
        var started = Stopwatch.GetTimestamp();
        string outcome;
        try
        {
            using var response = await http.SendAsync(form.Post(email, password));
            await response.Content.LoadIntoBufferAsync();
            outcome = ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture);
            if (response.StatusCode is HttpStatusCode.ServiceUnavailable or HttpStatusCode.TooManyRequests && response.Headers.RetryAfter?.Delta is null)
            {
                outcome = $"{outcome} without Retry-After";
            }
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException or IOException)
        {
            outcome = $"error: {exception.GetType().Name}";
        }

        answers.GetOrAdd(outcome, _ => new Latencies()).Add(Stopwatch.GetElapsedTime(started));
    }

    private static void Expect(HttpResponseMessage response, HttpStatusCode expected, string what)
    {
        if (response.StatusCode != expected)
        {
            throw new InvalidOperationException($"{what} answered {(int)response.StatusCode}, not {(int)expected}.");
        }
    }
}
