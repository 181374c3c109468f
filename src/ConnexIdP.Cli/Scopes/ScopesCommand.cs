using System.CommandLine;
using ConnexIdP.Cli.Output;
using ConnexIdP.Core.Clients;
using OpenIddict.Abstractions;

namespace ConnexIdP.Cli.Scopes;

/// <summary><c>connexidp scopes add|list</c>: API scopes and the resources (audiences) they stand for.</summary>
internal static class ScopesCommand
{
    public static Command Create(CliContext cli) => new("scopes", "Register and list API scopes.")
    {
        Add(cli),
        List(cli),
    };

    private static Command Add(CliContext cli)
    {
        var name = new Option<string>("--name") { Description = "The scope name clients ask for.", Required = true };
        var resources = new Option<string[]>("--resource") { Description = "A resource (audience) of tokens issued for this scope (repeatable).", Required = true };
        var displayName = new Option<string?>("--display-name") { Description = "Name shown on the consent page." };
        var command = new Command("add", "Register an API scope.") { name, resources, displayName };
        cli.SetAction(command, async (session, parse, cancellationToken) =>
        {
            var scope = new ScopeView(parse.GetValue(name)!, parse.GetValue(displayName), parse.GetValue(resources) ?? []);
            var result = await session.Get<ClientService>().AddScopeAsync(scope.Name, scope.Resources, scope.DisplayName, CliContext.Actor, cancellationToken);
            return result.Succeeded
                ? session.Output.Result(scope with { DisplayName = scope.DisplayName ?? scope.Name }, text =>
                    text.WriteLine($"Scope '{scope.Name}' registered for {TextTable.List(scope.Resources)}."))
                : session.Output.Refuse(result.Error!);
        });
        return command;
    }

    private static Command List(CliContext cli)
    {
        var command = new Command("list", "List scopes.");
        cli.SetAction(command, async (session, _, cancellationToken) =>
        {
            var manager = session.Get<IOpenIddictScopeManager>();
            var scopes = new List<ScopeView>();
            await foreach (var scope in manager.ListAsync(count: null, offset: null, cancellationToken))
            {
                scopes.Add(new ScopeView(
                    await manager.GetNameAsync(scope, cancellationToken) ?? string.Empty,
                    await manager.GetDisplayNameAsync(scope, cancellationToken),
                    [.. (await manager.GetResourcesAsync(scope, cancellationToken)).Order(StringComparer.Ordinal)]));
            }

            return session.Output.Table([.. scopes.OrderBy(s => s.Name, StringComparer.Ordinal)], "No scopes.",
                new("Name", s => s.Name),
                new("Resources", s => TextTable.List(s.Resources)),
                new("Display name", s => s.DisplayName));
        });
        return command;
    }
}
