using ConnexIdP.Core.Passwords;

namespace ConnexIdP.Cli.Passwords;

/// <summary>What <c>passwords blocklist build</c> wrote.</summary>
internal sealed record BlocklistBuiltView(string Output, long Lines, long Skipped, long Entries, long Bytes)
{
    public static BlocklistBuiltView From(BlocklistBuildResult result) =>
        new(result.Output, result.Lines, result.Skipped, result.Entries, new FileInfo(result.Output).Length);
}
