using System.Diagnostics;
using ConnexIdP.Core.Passwords;

namespace ConnexIdP.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project bench/ConnexIdP.Benchmarks -- blocklist-memory</c>: where a blocklist's memory
/// goes. A compiled file of one million entries is opened and searched 100,000 times; the shipped list is built in
/// memory. Before and after each, it reads the managed heap (GC) and the process's resident memory split by Linux
/// into anonymous pages (heap and other private memory) and file pages (a mapped file, shared with the page cache).
/// </summary>
internal static class BlocklistMemoryProbe
{
    public static async Task RunAsync(TextWriter output)
    {
        using var list = await SyntheticBlocklist.CreateAsync(compile: true);
        output.WriteLine($"Compiled file: {SyntheticBlocklist.Entries:N0} entries, {new FileInfo(list.Compiled).Length:N0} bytes.");
        output.WriteLine();
        output.WriteLine("| step | managed bytes allocated | managed heap after full GC | resident anonymous | resident file-backed | working set |");
        output.WriteLine("|---|---:|---:|---:|---:|---:|");

        var before = Snapshot.Take();
        using (var file = BlocklistFile.Open(list.Compiled))
        {
            var opened = Snapshot.Take();
            output.WriteLine(opened.Since(before, "open the 1M-entry file (maps it, reads it once to check its order)"));

            // Fingerprints first, so that the lookups' own line shows the search alone.
            var fingerprints = Enumerable.Range(0, 100_000).Select(i => PasswordFingerprint.Of(SyntheticBlocklist.Entry(i * 19))!.Value).ToArray();
            var ready = Snapshot.Take();
            var found = fingerprints.Count(file.Contains);
            output.WriteLine(Snapshot.Take().Since(ready, $"100,000 lookups in it ({found:N0} found)"));
        }

        before = Snapshot.Take();
        var shipped = ShippedBlocklist.Build();
        output.WriteLine(Snapshot.Take().Since(before, $"build shipped list in memory ({shipped.Count:N0} entries)"));
        GC.KeepAlive(shipped);
    }

    /// <param name="AllocatedOnEntry">Read first, so the probe's own reading is not counted as the step's.</param>
    /// <param name="AllocatedOnExit">Read last, for the same reason.</param>
    private sealed record Snapshot(long AllocatedOnEntry, long AllocatedOnExit, long Heap, long Anonymous, long FileBacked, long WorkingSet)
    {
        public static Snapshot Take()
        {
            var allocated = GC.GetTotalAllocatedBytes(precise: true);
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
            var heap = GC.GetTotalMemory(forceFullCollection: true);
            var status = File.ReadAllLines("/proc/self/status")
                .Select(line => line.Split(':', 2))
                .Where(parts => parts.Length == 2)
                .ToDictionary(parts => parts[0], parts => parts[1].Trim());
            long KiB(string key) => long.Parse(status[key].Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture) * 1024;
            using var process = Process.GetCurrentProcess();
            var (anonymous, fileBacked, workingSet) = (KiB("RssAnon"), KiB("RssFile"), process.WorkingSet64);
            return new Snapshot(allocated, GC.GetTotalAllocatedBytes(precise: true), heap, anonymous, fileBacked, workingSet);
        }

        public string Since(Snapshot before, string step) =>
            $"| {step} | {AllocatedOnEntry - before.AllocatedOnExit:N0} | {Heap - before.Heap:+#,0;-#,0;0} | {Anonymous - before.Anonymous:+#,0;-#,0;0} | {FileBacked - before.FileBacked:+#,0;-#,0;0} | {WorkingSet - before.WorkingSet:+#,0;-#,0;0} |";
    }
}
