using System.CommandLine;
using System.CommandLine.Invocation;
using ConnexIdP.Cli.Blocks;
using ConnexIdP.Cli.Clients;
using ConnexIdP.Cli.Database;
using ConnexIdP.Cli.Keys;
using ConnexIdP.Cli.Passwords;
using ConnexIdP.Cli.Scopes;
using ConnexIdP.Cli.Users;

namespace ConnexIdP.Cli;

/// <summary>The <c>connexidp</c> command tree: parses, reports usage errors with exit code 2, and runs one command.</summary>
internal static class ConnexCli
{
    public static async Task<int> RunAsync(string[] args, CliConsole console)
    {
        var context = new CliContext(console);
        var root = new RootCommand("ConnexIdP administration: accounts, clients, scopes, database, token keys, passwords and source blocks, over the server's own configuration.")
        {
            UsersCommand.Create(context),
            ClientsCommand.Create(context),
            ScopesCommand.Create(context),
            DbCommand.Create(context),
            KeysCommand.Create(context),
            PasswordsCommand.Create(context),
            BlocksCommand.Create(context),
        };
        root.Options.Add(context.Json);

        var parseResult = root.Parse(args);
        if (parseResult.Action is ParseErrorAction parseError)
        {
            // The parser's own report (errors and typo corrections), all on standard error, without the full help but a pointer to it.
            parseError.ShowHelp = false;
            await parseResult.InvokeAsync(new InvocationConfiguration { Output = console.Error, Error = console.Error });
            await console.Error.WriteLineAsync($"Run '{string.Join(' ', CommandPath(parseResult).Prepend("connexidp").Append("--help"))}' for usage.");
            return ExitCodes.Usage;
        }

        return await parseResult.InvokeAsync(new InvocationConfiguration { Output = console.Out, Error = console.Error });
    }

    private static IEnumerable<string> CommandPath(ParseResult parseResult)
    {
        var names = new Stack<string>();
        for (var result = parseResult.CommandResult; result.Parent is System.CommandLine.Parsing.CommandResult parent; result = parent)
        {
            names.Push(result.Command.Name);
        }

        return names;
    }
}
