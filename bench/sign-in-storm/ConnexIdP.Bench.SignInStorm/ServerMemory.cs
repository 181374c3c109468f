using System.Globalization;

namespace ConnexIdP.Bench.SignInStorm;

/// <summary>The server process's memory from <c>/proc/PID/status</c>, in MiB: resident now (VmRSS) and its peak since start (VmHWM).</summary>
internal sealed class ServerMemory(int pid)
{
    public double ResidentMiB => Read("VmRSS:");

    public double PeakMiB => Read("VmHWM:");

    private double Read(string field)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith(field, StringComparison.Ordinal))
            {
                return long.Parse(line[field.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) / 1024.0;
            }
        }

        throw new InvalidOperationException($"/proc/{pid}/status has no {field}");
    }
}
