using BenchmarkDotNet.Attributes;
using ConnexIdP.Core.Passwords;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ConnexIdP.Benchmarks;

/// <summary>
/// Lookups in a compiled blocklist of one million entries (memory-mapped, binary-searched): the search alone on a
/// fingerprint, the whole <see cref="PasswordBlocklist.Contains"/> (NFC, lower-casing, SHA-256, the shipped list and
/// the file), a whole policy check, and opening the file (which reads it once to check its order).
/// </summary>
[MemoryDiagnoser]
public class PasswordBlocklistLookupBenchmarks
{
    private readonly string _hit = SyntheticBlocklist.Entry(654_321).ToUpperInvariant();
    private readonly string _miss = SyntheticBlocklist.Entry(SyntheticBlocklist.Entries + 654_321);
    private SyntheticBlocklist _list = null!;
    private BlocklistFile _file = null!;
    private PasswordBlocklist _blocklist = null!;
    private PasswordPolicy _policy = null!;
    private ulong _hitFingerprint;
    private ulong _missFingerprint;

    [GlobalSetup]
    public async Task Setup()
    {
        _list = await SyntheticBlocklist.CreateAsync(compile: true);
        _file = BlocklistFile.Open(_list.Compiled);
        _blocklist = new PasswordBlocklist(Options.Create(new PasswordBlocklistOptions { Path = _list.Compiled }), TimeProvider.System, NullLogger<PasswordBlocklist>.Instance);
        _policy = new PasswordPolicy(Options.Create(new PasswordPolicyOptions()), _blocklist);
        _hitFingerprint = PasswordFingerprint.Of(_hit)!.Value;
        _missFingerprint = PasswordFingerprint.Of(_miss)!.Value;

        // A benchmark that measured the wrong answer would measure nothing.
        if (_file.Count != SyntheticBlocklist.Entries || !_blocklist.Contains(_hit) || _blocklist.Contains(_miss) || _policy.Check(_hit, new PasswordContext(null)).IsAccepted)
        {
            throw new InvalidOperationException("The synthetic blocklist does not answer as expected.");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _file.Dispose();
        _blocklist.Dispose();
        _list.Dispose();
    }

    [Benchmark(Description = "BlocklistFile.Contains, 1M entries, hit (search only)")]
    public bool FileHit() => _file.Contains(_hitFingerprint);

    [Benchmark(Description = "BlocklistFile.Contains, 1M entries, miss (search only)")]
    public bool FileMiss() => _file.Contains(_missFingerprint);

    [Benchmark(Description = "PasswordBlocklist.Contains, shipped + 1M file, hit")]
    public bool BlocklistHit() => _blocklist.Contains(_hit);

    [Benchmark(Description = "PasswordBlocklist.Contains, shipped + 1M file, miss")]
    public bool BlocklistMiss() => _blocklist.Contains(_miss);

    [Benchmark(Description = "PasswordPolicy.Check, 28-character passphrase, accepted")]
    public bool PolicyCheck() => _policy.Check("correct horse battery staple", new PasswordContext("ada@example.com")).IsAccepted;

    [Benchmark(Description = "BlocklistFile.Open + Dispose, 1M entries (header, map, order check)")]
    public int OpenFile()
    {
        using var file = BlocklistFile.Open(_list.Compiled);
        return file.Count;
    }
}
