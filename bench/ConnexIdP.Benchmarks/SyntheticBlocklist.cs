using ConnexIdP.Core.Passwords;

namespace ConnexIdP.Benchmarks;

/// <summary>
/// A million made-up, distinct passwords in a temporary folder, as a plain list and compiled. Synthetic entries measure
/// the structure as well as a real list would: lookups see only 64-bit fingerprints, uniformly spread either way.
/// </summary>
internal sealed class SyntheticBlocklist : IDisposable
{
    public const int Entries = 1_000_000;

    private SyntheticBlocklist(string directory)
    {
        Directory = directory;
        PlainList = Path.Combine(directory, "synthetic.txt");
        Compiled = Path.Combine(directory, "synthetic.bin");
    }

    public string Directory { get; }

    public string PlainList { get; }

    public string Compiled { get; }

    /// <summary>Entry <paramref name="index"/> of the list; any index past <see cref="Entries"/> is a password that is not in it.</summary>
    public static string Entry(int index) => $"synthetic-{index:D7}-{unchecked((uint)index * 2654435761u):x8}";

    public static async Task<SyntheticBlocklist> CreateAsync(bool compile)
    {
        var list = new SyntheticBlocklist(System.IO.Directory.CreateTempSubdirectory("connexidp-bench-blocklist-").FullName);
        await using (var writer = new StreamWriter(list.PlainList))
        {
            for (var i = 0; i < Entries; i++)
            {
                await writer.WriteLineAsync(Entry(i));
            }
        }

        if (compile)
        {
            await list.CompileAsync(list.Compiled);
        }

        return list;
    }

    public async Task<BlocklistBuildResult> CompileAsync(string output)
    {
        using var reader = new StreamReader(PlainList);
        return await BlocklistCompiler.CompileAsync(reader, output, CancellationToken.None);
    }

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}
