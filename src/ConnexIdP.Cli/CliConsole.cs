namespace ConnexIdP.Cli;

/// <summary>Where the CLI reads and writes: the process's streams, or test doubles.</summary>
/// <param name="InputIsTerminal">Secrets typed at a terminal are read without echo; piped ones are read as one line.</param>
internal sealed record CliConsole(TextReader In, TextWriter Out, TextWriter Error, bool InputIsTerminal)
{
    public static CliConsole System => new(Console.In, Console.Out, Console.Error, !Console.IsInputRedirected);
}
