namespace ConnexIdP.Cli.Output;

internal sealed record TableColumn<T>(string Header, Func<T, string?> Value);
