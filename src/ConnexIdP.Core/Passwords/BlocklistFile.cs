using System.Buffers.Binary;
using System.IO.MemoryMappedFiles;

namespace ConnexIdP.Core.Passwords;

/// <summary>
/// A compiled blocklist on disk (<see cref="BlocklistCompiler"/>), memory-mapped read-only and binary-searched in place:
/// a million entries cost 8 MB of shared, evictable page cache and nothing on the managed heap.
/// <para>
/// Format, version 1, little-endian: the 8 ASCII bytes <c>CONNEXBL</c>; the format version (uint32, 1); the
/// fingerprint kind (uint32, 1 = <see cref="PasswordFingerprint"/>); the entry count (int64); then that many uint64
/// fingerprints in strictly ascending order.
/// </para>
/// <para>
/// Replace a file in use by renaming a new one over it (the compiler does so): the server keeps reading the old one
/// until it restarts. Rewriting it in place could cut the mapping from under the running server.
/// </para>
/// </summary>
public sealed unsafe class BlocklistFile : IDisposable
{
    internal const int HeaderSize = 24;
    internal const int CountOffset = 16;
    private const uint FormatVersion = 1;
    private const uint FingerprintKind = 1;

    private readonly MemoryMappedFile _map;
    private readonly MemoryMappedViewAccessor _view;
    private readonly ulong* _entries;
    private int _disposed;

    private BlocklistFile(string path, MemoryMappedFile map, MemoryMappedViewAccessor view, int count)
    {
        Path = path;
        Count = count;
        _map = map;
        _view = view;
        byte* start = null;
        view.SafeMemoryMappedViewHandle.AcquirePointer(ref start);
        _entries = (ulong*)(start + view.PointerOffset + HeaderSize);
    }

    private static ReadOnlySpan<byte> Magic => "CONNEXBL"u8;

    public string Path { get; }

    public int Count { get; }

    private ReadOnlySpan<ulong> Entries => new(_entries, Count);

    /// <summary>Maps the file and checks its header, size and order; a damaged file throws <see cref="InvalidDataException"/>.</summary>
    public static BlocklistFile Open(string path)
    {
        var fullPath = System.IO.Path.GetFullPath(path);
        var stream = OpenRead(fullPath);
        try
        {
            var count = ReadHeader(stream, fullPath);
            var map = MemoryMappedFile.CreateFromFile(stream, null, 0, MemoryMappedFileAccess.Read, HandleInheritability.None, leaveOpen: false);
            var file = new BlocklistFile(fullPath, map, map.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read), count);
            if (!file.IsStrictlyAscending())
            {
                file.Dispose();
                throw new InvalidDataException($"'{fullPath}' is damaged: its entries are not in ascending order. Build it again.");
            }

            return file;
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>What is wrong with the file's presence, header or size (not its order), in words; null when nothing is.</summary>
    public static string? Inspect(string path)
    {
        var fullPath = System.IO.Path.GetFullPath(path);
        try
        {
            using var stream = OpenRead(fullPath);
            _ = ReadHeader(stream, fullPath);
            return null;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            return exception.Message;
        }
    }

    public bool Contains(ulong fingerprint)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        return Entries.BinarySearch(fingerprint) >= 0;
    }

    internal static void WriteHeader(Stream stream, long count)
    {
        Span<byte> header = stackalloc byte[HeaderSize];
        Magic.CopyTo(header);
        BinaryPrimitives.WriteUInt32LittleEndian(header[8..], FormatVersion);
        BinaryPrimitives.WriteUInt32LittleEndian(header[12..], FingerprintKind);
        BinaryPrimitives.WriteInt64LittleEndian(header[CountOffset..], count);
        stream.Write(header);
    }

    private static FileStream OpenRead(string fullPath)
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("Compiled blocklists are read in place as little-endian integers; this machine is big-endian.");
        }

        if (!File.Exists(fullPath))
        {
            throw new FileNotFoundException($"'{fullPath}' does not exist.", fullPath);
        }

        return new FileStream(fullPath, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete);
    }

    private static int ReadHeader(FileStream stream, string fullPath)
    {
        Span<byte> header = stackalloc byte[HeaderSize];
        if (stream.ReadAtLeast(header, HeaderSize, throwOnEndOfStream: false) < HeaderSize || !header[..8].SequenceEqual(Magic))
        {
            throw new InvalidDataException($"'{fullPath}' is not a compiled ConnexIdP blocklist; build one with 'connexidp passwords blocklist build'.");
        }

        var version = BinaryPrimitives.ReadUInt32LittleEndian(header[8..]);
        var kind = BinaryPrimitives.ReadUInt32LittleEndian(header[12..]);
        if (version != FormatVersion || kind != FingerprintKind)
        {
            throw new InvalidDataException($"'{fullPath}' is a blocklist of format {version} (fingerprint kind {kind}); this version of ConnexIdP reads format {FormatVersion} (kind {FingerprintKind}). Build it again.");
        }

        var count = BinaryPrimitives.ReadInt64LittleEndian(header[CountOffset..]);
        if (count is < 0 or > int.MaxValue)
        {
            throw new InvalidDataException($"'{fullPath}' announces {count} entries; a blocklist holds between 0 and {int.MaxValue}.");
        }

        var expected = HeaderSize + (count * sizeof(ulong));
        if (stream.Length != expected)
        {
            throw new InvalidDataException($"'{fullPath}' is damaged: its header announces {count} entries ({expected} bytes) but the file has {stream.Length} bytes. Build it again.");
        }

        return (int)count;
    }

    private bool IsStrictlyAscending()
    {
        var entries = Entries;
        for (var i = 1; i < entries.Length; i++)
        {
            if (entries[i] <= entries[i - 1])
            {
                return false;
            }
        }

        return true;
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _view.SafeMemoryMappedViewHandle.ReleasePointer();
        _view.Dispose();
        _map.Dispose();
    }
}
