using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ConnexIdP.Core.Passwords;

/// <summary>
/// Known passwords, compared case-insensitively after NFC: the list shipped with the product (<see cref="ShippedBlocklist"/>)
/// and, when <c>Passwords:Blocklist:Path</c> is set, the operator's compiled file. Nothing leaves the process.
/// </summary>
public sealed partial class PasswordBlocklist : IDisposable
{
    private readonly SortedFingerprints _shipped;
    private readonly BlocklistFile? _file;

    public PasswordBlocklist(IOptions<PasswordBlocklistOptions> options, TimeProvider clock, ILogger<PasswordBlocklist> logger)
    {
        var started = clock.GetTimestamp();
        _shipped = ShippedBlocklist.Default;
        var path = options.Value.Path;
        _file = string.IsNullOrWhiteSpace(path) ? null : BlocklistFile.Open(path);
        LogReady(logger, _shipped.Count, _file?.Path ?? "(none)", _file?.Count ?? 0, clock.GetElapsedTime(started).TotalMilliseconds);
    }

    /// <summary>Entries in the shipped list and the operator's file together (an entry in both counts twice).</summary>
    public long Count => _shipped.Count + (long)(_file?.Count ?? 0);

    /// <summary>Whether <paramref name="password"/> is in a list; text that is not valid Unicode is in none.</summary>
    public bool Contains(string password)
    {
        ArgumentNullException.ThrowIfNull(password);
        return PasswordText.TryComparable(password) is { } comparable && ContainsComparable(comparable);
    }

    /// <summary>Lookup of text already in comparable form (lower-cased NFC).</summary>
    internal bool ContainsComparable(ReadOnlySpan<char> comparable)
    {
        var fingerprint = PasswordFingerprint.OfComparable(comparable);
        return _shipped.Contains(fingerprint) || (_file?.Contains(fingerprint) ?? false);
    }

    public void Dispose() => _file?.Dispose();

    [LoggerMessage(EventId = 1301, Level = LogLevel.Information,
        Message = "Password blocklist ready: {ShippedEntries} shipped entries, operator file {Path} with {FileEntries} entries, in {Milliseconds:F0} ms")]
    private static partial void LogReady(ILogger logger, int shippedEntries, string path, int fileEntries, double milliseconds);
}
