using System.Globalization;

namespace ConnexIdP.Cli.Output;

/// <summary>Left-aligned columns separated by two spaces, for people reading a terminal.</summary>
internal static class TextTable
{
    public static void Write<T>(TextWriter writer, IReadOnlyList<T> rows, IReadOnlyList<TableColumn<T>> columns)
    {
        var cells = rows.Select(row => columns.Select(c => c.Value(row) ?? "-").ToArray()).ToList();
        var widths = columns.Select((c, i) => cells.Select(r => r[i].Length).Append(c.Header.Length).Max()).ToArray();
        WriteLine(writer, columns.Select(c => c.Header.ToUpperInvariant()).ToArray(), widths);
        foreach (var row in cells)
        {
            WriteLine(writer, row, widths);
        }
    }

    /// <summary>Times as people read them in a table: UTC to the second.</summary>
    public static string Time(DateTimeOffset? value) =>
        value?.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture) ?? "-";

    public static string List(IEnumerable<string> values) => string.Join(",", values) is { Length: > 0 } joined ? joined : "-";

    private static void WriteLine(TextWriter writer, string[] cells, int[] widths) =>
        writer.WriteLine(string.Join("  ", cells.Select((cell, i) => i == cells.Length - 1 ? cell : cell.PadRight(widths[i]))));
}
