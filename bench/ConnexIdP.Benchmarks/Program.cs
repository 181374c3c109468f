using BenchmarkDotNet.Running;
using ConnexIdP.Benchmarks;

if (args is ["blocklist-memory"])
{
    await BlocklistMemoryProbe.RunAsync(Console.Out);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
