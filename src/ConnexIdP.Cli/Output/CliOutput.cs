using System.Text.Json;
using System.Text.Json.Serialization;

namespace ConnexIdP.Cli.Output;

/// <summary>
/// Results go to standard output, as JSON with <c>--json</c> or as text otherwise; refusals and remarks go to standard
/// error, so that a script reading standard output only ever sees the result.
/// </summary>
internal sealed class CliOutput(CliConsole console, bool json)
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    /// <summary>Reports why the operation was refused; returns <see cref="ExitCodes.Refused"/>.</summary>
    public int Refuse(string message)
    {
        console.Error.WriteLine("error: " + message);
        return ExitCodes.Refused;
    }

    /// <summary>A remark beside the result (never part of it).</summary>
    public void Note(string message) => console.Error.WriteLine(message);

    public int Result<T>(T value, Action<TextWriter> writeText)
    {
        if (json)
        {
            WriteJson(value);
        }
        else
        {
            writeText(console.Out);
        }

        return ExitCodes.Ok;
    }

    public int Table<T>(IReadOnlyList<T> rows, string whenEmpty, params TableColumn<T>[] columns)
    {
        if (json)
        {
            WriteJson(rows);
        }
        else if (rows.Count == 0)
        {
            console.Out.WriteLine(whenEmpty);
        }
        else
        {
            TextTable.Write(console.Out, rows, columns);
        }

        return ExitCodes.Ok;
    }

    private void WriteJson<T>(T value) => console.Out.WriteLine(JsonSerializer.Serialize(value, JsonOptions));
}
