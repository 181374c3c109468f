using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using ConnexIdP.Testing;

namespace ConnexIdP.Bench.CredentialStuffing;

/// <summary>
/// A simulated credential-stuffing run against the real server (a child process, Argon2 at the shipped production cost,
/// SQLite): attackers on a few source addresses try leaked email/password pairs over many accounts through the real
/// sign-in form, while real users with known devices keep signing in from their own addresses. The server trusts
/// loopback as its proxy, so each request names its source in X-Forwarded-For. Reports, per attacking source, how many
/// attempts reached the password check before the block, the real users' success rate during the attack, and the
/// server's CPU time and memory.
/// </summary>
internal static class StuffingRun
{
    private const int RealUsers = 50;
    private const int AttackWorkersPerSource = 4;
    private const int UserWorkers = 4;
    private const string Domain = "bench.example";

    private static readonly (string Address, double Share)[] Attackers =
    [
        ("203.0.113.10", 0.4),   // two addresses of one /24: credential stuffing by network
        ("203.0.113.11", 0.3),
        ("198.51.100.7", 0.3),   // alone: password spraying by address
    ];

    public static async Task<int> RunAsync(int attempts, int accountCount)
    {
        // Outside Development the server requires an RSA certificate for the Data Protection key ring.
        var keyRing = Directory.CreateTempSubdirectory("connexidp-stuffing-keyring-");
        try
        {
            var certificate = Path.Combine(keyRing.FullName, "key-ring.pem");
            await File.WriteAllTextAsync(certificate, TestKeyRingCertificate.Pem());
            return await RunAsync(attempts, accountCount, certificate);
        }
        finally
        {
            keyRing.Delete(recursive: true);
        }
    }

    private static async Task<int> RunAsync(int attempts, int accountCount, string keyRingCertificate)
    {
        await using var server = ServerProcess.Create(new Dictionary<string, string>
        {
            ["environment"] = "Production",
            ["DataProtection:Certificate:Path"] = keyRingCertificate,
            ["Passwords:Argon2:MemoryKiB"] = "65536",
            ["Passwords:Argon2:Iterations"] = "3",
            ["Registration:Enabled"] = "true",
            ["SignInDefence:TrustedProxies:0"] = "127.0.0.1",
            ["SignInDefence:TrustedProxies:1"] = "::1",
            ["Logging:LogLevel:Default"] = "Warning",
        });
        await server.StartAsync();
        var pid = server.ProcessId!.Value;
        Console.WriteLine($"server pid {pid} at {server.BaseAddress}; {RealUsers} real accounts, {accountCount} emails attacked, {attempts} attempts");

        // Real users register, then sign in once so their browser becomes a known device of their account.
        var users = new List<SignInClient>();
        for (var i = 0; i < RealUsers; i++)
        {
            var user = new SignInClient(server.BaseAddress, $"192.0.2.{i + 1}");
            await user.RegisterAsync(Email(i), Password(i));
            if (await user.SignInAsync(Email(i), Password(i)) != HttpStatusCode.SeeOther)
            {
                throw new InvalidOperationException($"{Email(i)} could not sign in before the attack.");
            }

            users.Add(user);
        }

        var cpuBefore = CpuTime(pid);
        var clock = Stopwatch.StartNew();
        using var attackOver = new CancellationTokenSource();
        var userTally = new ConcurrentDictionary<HttpStatusCode, int>();
        var userTask = Task.WhenAll(Enumerable.Range(0, UserWorkers).Select(w => RealUsersAsync(users, w, userTally, attackOver.Token)));

        var results = await Task.WhenAll(Attackers.Select(a => AttackAsync(server.BaseAddress, a.Address, (int)(attempts * a.Share), accountCount)));
        var attackSeconds = clock.Elapsed.TotalSeconds;
        await attackOver.CancelAsync();
        await userTask;
        var cpu = CpuTime(pid) - cpuBefore;
        var (peakKiB, rssKiB) = Memory(pid);

        Console.WriteLine();
        Console.WriteLine("source           attempts  checked  throttled  busy  blocked  first-refused-at");
        foreach (var r in results)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{r.Source,-15} {r.Attempts,9} {r.Checked,8} {r.Throttled,10} {r.Busy,5} {r.Blocked,8}  {r.FirstBlockedAt?.ToString(CultureInfo.InvariantCulture) ?? "never"}"));
        }

        var through = results.Sum(r => r.Checked);
        var legit = userTally.Values.Sum();
        var ok = userTally.GetValueOrDefault(HttpStatusCode.SeeOther);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"attack: {results.Sum(r => r.Attempts)} attempts in {attackSeconds:0.0} s; {through} reached the password check ({100.0 * through / results.Sum(r => r.Attempts):0.00} %), the rest were refused"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"real users during the attack: {ok}/{legit} signed in ({(legit == 0 ? 0 : 100.0 * ok / legit):0.0} %); answers: {string.Join(", ", userTally.OrderBy(p => p.Key).Select(p => $"{(int)p.Key}×{p.Value}"))}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"server: {cpu.TotalSeconds:0.0} s CPU over {attackSeconds:0.0} s ({100 * cpu.TotalSeconds / attackSeconds:0} % of one core, {Environment.ProcessorCount} cores); peak RSS {peakKiB / 1024} MiB, RSS at the end {rssKiB / 1024} MiB"));
        foreach (var user in users)
        {
            user.Dispose();
        }

        return 0;
    }

    private static string Email(int i) => $"user{i}@{Domain}";

    private static string Password(int i) => $"bench user {i} keeps a long passphrase";

    private static async Task<AttackResult> AttackAsync(Uri server, string source, int attempts, int accounts)
    {
        var next = -1;
        var result = new AttackResult(source);
        await Task.WhenAll(Enumerable.Range(0, AttackWorkersPerSource).Select(async _ =>
        {
            using var attacker = new SignInClient(server, source);
            int n;
            while ((n = Interlocked.Increment(ref next)) < attempts)
            {
                // Leaked pairs: every email of the list, a password that is not the account's.
                var status = await attacker.SignInAsync(Email(n % accounts), $"leaked-{n}-Summer2026!");
                result.Count(n + 1, status);
            }
        }));
        return result;
    }

    private static async Task RealUsersAsync(List<SignInClient> users, int worker, ConcurrentDictionary<HttpStatusCode, int> tally, CancellationToken attackOver)
    {
        for (var i = worker; !attackOver.IsCancellationRequested; i += UserWorkers)
        {
            var index = i % users.Count;
            var status = await users[index].SignInAsync(Email(index), Password(index));
            tally.AddOrUpdate(status, 1, (_, count) => count + 1);
        }
    }

    private static TimeSpan CpuTime(int pid)
    {
        // utime and stime, fields 14 and 15 of /proc/PID/stat, in clock ticks (100 per second on Linux).
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds(ticks / 100.0);
    }

    private static (long PeakKiB, long RssKiB) Memory(int pid)
    {
        long Field(string name) => long.Parse(File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith(name, StringComparison.Ordinal))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
        return (Field("VmHWM:"), Field("VmRSS:"));
    }
}
