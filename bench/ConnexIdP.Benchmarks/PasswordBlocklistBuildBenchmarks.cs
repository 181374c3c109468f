using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using ConnexIdP.Core.Passwords;

namespace ConnexIdP.Benchmarks;

/// <summary>
/// What building a blocklist costs: compiling a plain list of one million entries into a file (the CLI's
/// <c>passwords blocklist build</c>), and building the shipped list in memory, which every server start pays.
/// Each run is long, so a few measured iterations of one run each.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class PasswordBlocklistBuildBenchmarks
{
    private SyntheticBlocklist _list = null!;
    private string _output = null!;

    [GlobalSetup]
    public async Task Setup()
    {
        _list = await SyntheticBlocklist.CreateAsync(compile: false);
        _output = Path.Combine(_list.Directory, "built.bin");
    }

    [GlobalCleanup]
    public void Cleanup() => _list.Dispose();

    [Benchmark(Description = "BlocklistCompiler, 1M-line plain list to file")]
    public async Task<long> Compile() => (await _list.CompileAsync(_output)).Entries;

    [Benchmark(Description = "ShippedBlocklist.Build (zxcvbn-core lists, in memory), warm")]
    public int BuildShipped() => ShippedBlocklist.Build().Count;
}
