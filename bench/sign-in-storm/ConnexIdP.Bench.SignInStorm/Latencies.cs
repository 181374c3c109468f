using System.Globalization;

namespace ConnexIdP.Bench.SignInStorm;

/// <summary>Response times in milliseconds, summarised as count, p50, p99 and max, with when the slowest ones started.</summary>
internal sealed class Latencies
{
    private readonly List<double> _milliseconds = [];
    private readonly List<(double At, double Milliseconds)> _timed = [];

    public int Count => _milliseconds.Count;

    public double Max => _milliseconds.Count == 0 ? 0 : _milliseconds.Max();

    public void Add(TimeSpan elapsed, TimeSpan? startedAt = null)
    {
        lock (_milliseconds)
        {
            _milliseconds.Add(elapsed.TotalMilliseconds);
            if (startedAt is { } at)
            {
                _timed.Add((at.TotalSeconds, elapsed.TotalMilliseconds));
            }
        }
    }

    /// <summary>The slowest answers as "milliseconds at seconds": when in the run they started.</summary>
    public string Slowest(int count) => string.Join(", ", _timed.OrderByDescending(t => t.Milliseconds).Take(count)
        .Select(t => string.Create(CultureInfo.InvariantCulture, $"{t.Milliseconds:0} ms at {t.At:0.00} s")));

    public double Percentile(double p)
    {
        if (_milliseconds.Count == 0)
        {
            return 0;
        }

        var sorted = _milliseconds.Order().ToList();
        return sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Count) - 1, 0, sorted.Count - 1)];
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"n={Count} p50={Percentile(50):0.0} ms p99={Percentile(99):0.0} ms max={Max:0.0} ms");
}
