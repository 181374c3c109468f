namespace ConnexIdP.Core.Passwords;

/// <summary>What <see cref="BlocklistCompiler"/> read and wrote.</summary>
/// <param name="Lines">Lines read from the plain list.</param>
/// <param name="Skipped">Blank lines and lines that are not valid text, which make no entry.</param>
/// <param name="Entries">Distinct entries written (duplicates, including ones differing only in case or normalisation, count once).</param>
public sealed record BlocklistBuildResult(string Output, long Lines, long Skipped, long Entries);
