using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace ConnexIdP.Core.Passwords;

/// <summary>
/// Compiles a plain list (UTF-8, one password per line, any size, read as a stream) into a <see cref="BlocklistFile"/>.
/// Fingerprints are sorted in memory a chunk at a time; a list larger than one chunk is sorted in several and merged
/// from temporary files beside the output, so memory stays bounded whatever the list's size. The result is written
/// to a temporary name and renamed over the output, so a server reading the old file is never disturbed.
/// </summary>
public static class BlocklistCompiler
{
    /// <summary>Fingerprints sorted in memory at a time: 128 MB; a list of more distinct entries is merged from chunks.</summary>
    public const int DefaultChunkEntries = 16 * 1024 * 1024;

    private const int BlockEntries = 64 * 1024;

    public static Task<BlocklistBuildResult> CompileAsync(TextReader input, string outputPath, CancellationToken cancellationToken) =>
        CompileAsync(input, outputPath, DefaultChunkEntries, cancellationToken);

    internal static async Task<BlocklistBuildResult> CompileAsync(TextReader input, string outputPath, int chunkEntries, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkEntries, 1);
        var output = Path.GetFullPath(outputPath);
        var directory = Path.GetDirectoryName(output)!;
        if (!Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"The output folder '{directory}' does not exist.");
        }

        var stem = Path.Combine(directory, $".{Path.GetFileName(output)}.{Guid.NewGuid():N}");
        var chunks = new List<string>();
        var staging = stem + ".tmp";
        var buffer = new List<ulong>(Math.Min(chunkEntries, 1 << 20));
        long lines = 0, skipped = 0;
        try
        {
            for (var line = await input.ReadLineAsync(cancellationToken); line is not null; line = await input.ReadLineAsync(cancellationToken))
            {
                lines++;
                if (PasswordFingerprint.OfListLine(line) is not { } fingerprint)
                {
                    skipped++;
                    continue;
                }

                buffer.Add(fingerprint);
                if (buffer.Count == chunkEntries)
                {
                    chunks.Add(await SpillAsync(buffer, $"{stem}.{chunks.Count}.chunk", cancellationToken));
                }
            }

            long entries;
            if (chunks.Count == 0)
            {
                var distinct = SortedFingerprints.SortDistinct(CollectionsMarshal.AsSpan(buffer));
                await using var writer = new EntryWriter(staging);
                for (var i = 0; i < distinct; i++)
                {
                    await writer.AddAsync(buffer[i], cancellationToken);
                }

                entries = await writer.CompleteAsync(cancellationToken);
            }
            else
            {
                if (buffer.Count > 0)
                {
                    chunks.Add(await SpillAsync(buffer, $"{stem}.{chunks.Count}.chunk", cancellationToken));
                }

                entries = await MergeAsync(chunks, staging, cancellationToken);
            }

            File.Move(staging, output, overwrite: true);
            return new BlocklistBuildResult(output, lines, skipped, entries);
        }
        finally
        {
            foreach (var temporary in chunks.Append(staging))
            {
                File.Delete(temporary);
            }
        }
    }

    /// <summary>Writes the chunk's distinct fingerprints, ascending, as raw little-endian uint64; empties the buffer.</summary>
    private static async Task<string> SpillAsync(List<ulong> buffer, string path, CancellationToken cancellationToken)
    {
        var count = SortedFingerprints.SortDistinct(CollectionsMarshal.AsSpan(buffer));
        await using (var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20, useAsync: true))
        {
            var bytes = new byte[BlockEntries * sizeof(ulong)];
            for (var start = 0; start < count; start += BlockEntries)
            {
                var block = CollectionsMarshal.AsSpan(buffer).Slice(start, Math.Min(BlockEntries, count - start));
                MemoryMarshal.AsBytes(block).CopyTo(bytes);
                await stream.WriteAsync(bytes.AsMemory(0, block.Length * sizeof(ulong)), cancellationToken);
            }
        }

        buffer.Clear();
        return path;
    }

    /// <summary>K-way merge of sorted chunks, dropping values that several chunks share.</summary>
    private static async Task<long> MergeAsync(List<string> chunks, string staging, CancellationToken cancellationToken)
    {
        var readers = new List<ChunkReader>(chunks.Count);
        try
        {
            var queue = new PriorityQueue<ChunkReader, ulong>(chunks.Count);
            foreach (var chunk in chunks)
            {
                var reader = new ChunkReader(chunk);
                readers.Add(reader);
                if (await reader.MoveNextAsync(cancellationToken))
                {
                    queue.Enqueue(reader, reader.Current);
                }
            }

            await using var writer = new EntryWriter(staging);
            while (queue.TryDequeue(out var reader, out var value))
            {
                await writer.AddAsync(value, cancellationToken);
                if (await reader.MoveNextAsync(cancellationToken))
                {
                    queue.Enqueue(reader, reader.Current);
                }
            }

            return await writer.CompleteAsync(cancellationToken);
        }
        finally
        {
            foreach (var reader in readers)
            {
                await reader.DisposeAsync();
            }
        }
    }

    /// <summary>Writes a blocklist file from ascending values, skipping repeats, then fills in the count.</summary>
    private sealed class EntryWriter : IAsyncDisposable
    {
        private readonly FileStream _stream;
        private readonly byte[] _block = new byte[BlockEntries * sizeof(ulong)];
        private int _buffered;
        private long _count;
        private ulong _last;

        public EntryWriter(string path)
        {
            _stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20, useAsync: true);
            BlocklistFile.WriteHeader(_stream, 0);
        }

        public async ValueTask AddAsync(ulong value, CancellationToken cancellationToken)
        {
            if (_count > 0 && value == _last)
            {
                return;
            }

            _last = value;
            _count++;
            BinaryPrimitives.WriteUInt64LittleEndian(_block.AsSpan(_buffered * sizeof(ulong)), value);
            if (++_buffered == BlockEntries)
            {
                await FlushAsync(cancellationToken);
            }
        }

        public async Task<long> CompleteAsync(CancellationToken cancellationToken)
        {
            await FlushAsync(cancellationToken);
            _stream.Position = BlocklistFile.CountOffset;
            var count = new byte[sizeof(long)];
            BinaryPrimitives.WriteInt64LittleEndian(count, _count);
            await _stream.WriteAsync(count, cancellationToken);
            await _stream.FlushAsync(cancellationToken);
            _stream.Flush(flushToDisk: true);
            return _count;
        }

        private async ValueTask FlushAsync(CancellationToken cancellationToken)
        {
            await _stream.WriteAsync(_block.AsMemory(0, _buffered * sizeof(ulong)), cancellationToken);
            _buffered = 0;
        }

        public ValueTask DisposeAsync() => _stream.DisposeAsync();
    }

    /// <summary>Reads one sorted chunk a block at a time.</summary>
    private sealed class ChunkReader(string path) : IAsyncDisposable
    {
        private readonly FileStream _stream = new(path, FileMode.Open, FileAccess.Read, FileShare.None, 1 << 16, useAsync: true);
        private readonly byte[] _block = new byte[BlockEntries * sizeof(ulong)];
        private int _position;
        private int _length;

        public ulong Current { get; private set; }

        public async ValueTask<bool> MoveNextAsync(CancellationToken cancellationToken)
        {
            if (_position == _length)
            {
                _length = await _stream.ReadAtLeastAsync(_block, _block.Length, throwOnEndOfStream: false, cancellationToken);
                _position = 0;
                if (_length == 0)
                {
                    return false;
                }
            }

            Current = BinaryPrimitives.ReadUInt64LittleEndian(_block.AsSpan(_position));
            _position += sizeof(ulong);
            return true;
        }

        public ValueTask DisposeAsync() => _stream.DisposeAsync();
    }
}
