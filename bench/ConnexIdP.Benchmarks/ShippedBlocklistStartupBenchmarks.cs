using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using ConnexIdP.Core.Passwords;

namespace ConnexIdP.Benchmarks;

/// <summary>
/// The shipped blocklist's cost as a server start pays it: the first build in a fresh process, code not yet compiled
/// by the JIT, resources not yet read. Ten processes, one measurement each.
/// </summary>
[SimpleJob(RunStrategy.ColdStart, launchCount: 10, warmupCount: 0, iterationCount: 1)]
public class ShippedBlocklistStartupBenchmarks
{
    [Benchmark(Description = "ShippedBlocklist.Build, first call in a new process")]
    public int BuildShipped() => ShippedBlocklist.Build().Count;
}
