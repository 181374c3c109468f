using System.Globalization;

namespace ConnexIdP.Bench.SignInStorm;

/// <summary>
/// CPU time of the server process in seconds (utime + stime from <c>/proc/PID/task/*/stat</c>), split between the
/// Argon2 hashing threads (named "Argon2 hashing N"; Linux keeps the first 15 characters) and all other threads.
/// Unlike wall time it hardly moves when other processes share the CPU.
/// </summary>
internal sealed class ServerCpu(int pid)
{
    private static readonly double TicksPerSecond = 100; // USER_HZ, 100 on Linux

    public (double Hashing, double Other) Seconds()
    {
        double hashing = 0, other = 0;
        foreach (var task in Directory.EnumerateDirectories($"/proc/{pid}/task"))
        {
            try
            {
                var stat = File.ReadAllText(Path.Combine(task, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                var seconds = (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / TicksPerSecond;
                if (File.ReadAllText(Path.Combine(task, "comm")).StartsWith("Argon2", StringComparison.Ordinal))
                {
                    hashing += seconds;
                }
                else
                {
                    other += seconds;
                }
            }
            catch (IOException)
            {
                // The thread ended between the listing and the read.
            }
        }

        return (hashing, other);
    }
}
